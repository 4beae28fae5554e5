using CanvasData2.Emulator.Api;
using CanvasData2.Emulator.Jobs;

namespace CanvasData2.Emulator.Hosting;

/// <summary>The emulator's collaborators, shared by its endpoints and its in-process admin API.</summary>
internal sealed class EmulatorServices(EmulatorOptions options, string clientId, string clientSecret, string cacheDirectory, TimeProvider time) : IDisposable
{
    public EmulatorState State { get; } = new(options);

    public string ClientId { get; } = clientId;

    public string ClientSecret { get; } = clientSecret;

    public TimeProvider Time { get; } = time;

    public TokenService Tokens { get; } = new(time, options.TokenLifetime);

    public UrlSigner Urls { get; } = new(time, options.UrlLifetime);

    public JobStore Jobs { get; } = new(time, cacheDirectory);

    public FaultInjector Faults { get; } = new();

    public RateLimiter Limits { get; } = new(time, options.RateLimits);

    public void Dispose() => Jobs.Dispose();
}
