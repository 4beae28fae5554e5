namespace CanvasData2.Cli.Settings;

/// <summary>Where and as whom to call DAP. <see cref="ToString"/> leaves the secret out.</summary>
internal sealed record DapConnection(Uri BaseUrl, string ClientId, string ClientSecret, bool Pacing = true)
{
    public override string ToString() => $"DapConnection {{ BaseUrl = {BaseUrl}, ClientId = {ClientId}, Pacing = {Pacing} }}";
}
