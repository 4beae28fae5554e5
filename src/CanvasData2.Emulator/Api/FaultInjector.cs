using System.Text.RegularExpressions;

namespace CanvasData2.Emulator.Api;

/// <summary>Decides which configured fault (if any) a request suffers.</summary>
internal sealed class FaultInjector
{
    private readonly List<ActiveFault> _faults = [];
    private readonly Lock _lock = new();

    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var regex = new Regex(rule.PathPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        lock (_lock)
        {
            _faults.Add(new ActiveFault(rule, regex, new Random(rule.Seed)) { Remaining = rule.Count });
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }

    /// <summary>The first rule that matches and fires for this request; consumes one of its counts.</summary>
    public FaultRule? Next(string method, string path)
    {
        lock (_lock)
        {
            foreach (var fault in _faults)
            {
                if ((fault.Rule.Method is { } m && !string.Equals(m, method, StringComparison.OrdinalIgnoreCase)) ||
                    !fault.Regex.IsMatch(path))
                {
                    continue;
                }

                if (fault.Remaining is { } remaining)
                {
                    if (remaining <= 0)
                    {
                        continue;
                    }

                    fault.Remaining = remaining - 1;
                    return fault.Rule;
                }

                if (fault.Rule.Probability is not { } p || fault.Random.NextDouble() < p)
                {
                    return fault.Rule;
                }
            }

            return null;
        }
    }

    private sealed record ActiveFault(FaultRule Rule, Regex Regex, Random Random)
    {
        public int? Remaining { get; set; }
    }
}
