namespace CanvasData2.Emulator.Api;

/// <summary>DAP's documented per-minute budgets, as fixed one-minute windows per endpoint.</summary>
internal sealed class RateLimiter(TimeProvider time, bool enabled)
{
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _windows = [];
    private readonly Lock _lock = new();

    public static readonly IReadOnlyDictionary<string, int> Budgets = new Dictionary<string, int>
    {
        ["create-job"] = 5,
        ["list-tables"] = 5,
        ["get-job"] = 500,
        ["get-schema"] = 500,
        ["object-urls"] = 200,
    };

    /// <summary>Counts one request; returns the seconds to wait when the budget is spent, else null.</summary>
    public int? Take(string endpoint)
    {
        if (!enabled)
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (_lock)
        {
            var (start, count) = _windows.GetValueOrDefault(endpoint, (now, 0));
            if (now - start >= TimeSpan.FromMinutes(1))
            {
                (start, count) = (now, 0);
            }

            if (count >= Budgets[endpoint])
            {
                return (int)Math.Ceiling((start + TimeSpan.FromMinutes(1) - now).TotalSeconds);
            }

            _windows[endpoint] = (start, count + 1);
            return null;
        }
    }
}
