namespace CanvasData2.Cli.Commands.Downloads;

/// <summary>What one table's download produced; serialised as the command's JSON result.</summary>
internal sealed record DownloadResult(
    string Namespace,
    string Table,
    string? JobId,
    long? SchemaVersion,
    DateTimeOffset? At,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    IReadOnlyList<string> Files,
    long Bytes,
    string? Error = null);
