namespace CanvasData2.Replication.Migration;

/// <summary>
/// What a migration did (<see cref="Changes"/>, one line per DDL change, empty when the table already matched),
/// or why it could not be done in place (<see cref="ReinitNeededReason"/>; then nothing was applied).
/// </summary>
internal sealed record MigrationResult(IReadOnlyList<string> Changes, string? ReinitNeededReason)
{
    public bool ReinitNeeded => ReinitNeededReason is not null;
}
