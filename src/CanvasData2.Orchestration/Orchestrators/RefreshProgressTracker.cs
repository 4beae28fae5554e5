namespace CanvasData2.Orchestration.Orchestrators;

/// <summary>Counts finished tables for the refresh's custom status.</summary>
internal sealed class RefreshProgressTracker(int total)
{
    private readonly List<string> _failed = [];
    private int _done;

    public RefreshProgress Current => new(_done, total, _failed.Count, [.. _failed]);

    public RefreshProgress Add(TableResult result)
    {
        _done++;
        if (result.Outcome == TableOutcome.Failed)
        {
            _failed.Add($"{result.Namespace}.{result.Table}");
        }

        return Current;
    }
}
