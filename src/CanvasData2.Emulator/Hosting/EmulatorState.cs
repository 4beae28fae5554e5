using System.Text.Json.Nodes;
using CanvasData2.Emulator.Schemas;

namespace CanvasData2.Emulator.Hosting;

/// <summary>The mutable world of the emulator: the virtual clock and the tables. All changes go through one lock.</summary>
internal sealed class EmulatorState
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Ns, string Table), EmulatedTable> _tables = [];
    private int _step;

    public EmulatorState(EmulatorOptions options)
    {
        Options = options;
        foreach (var table in SchemaCatalog.Load(options.RowsFor).Where(t => options.Serves(t.Namespace, t.Name)))
        {
            _tables[(table.Namespace, table.Name)] = table;
        }
    }

    public EmulatorOptions Options { get; }

    public int Step
    {
        get
        {
            lock (_lock)
            {
                return _step;
            }
        }
    }

    public DateTimeOffset StepTime(int step) => Options.BaseTime + Options.StepLength * step;

    public DateTimeOffset Now => StepTime(Step);

    /// <summary>The last step whose time is at or before <paramref name="time"/>; -1 before step 0.</summary>
    public int StepAtOrBefore(DateTimeOffset time) =>
        time < Options.BaseTime ? -1 : (int)Math.Min(int.MaxValue, (time - Options.BaseTime).Ticks / Options.StepLength.Ticks);

    public int AdvanceTime(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        lock (_lock)
        {
            return _step += steps;
        }
    }

    public IReadOnlyList<string>? TablesOf(string ns)
    {
        lock (_lock)
        {
            var names = _tables.Keys.Where(k => k.Ns == ns).Select(k => k.Table).Order(StringComparer.Ordinal).ToList();
            return names.Count == 0 ? null : names;
        }
    }

    public bool HasNamespace(string ns) => TablesOf(ns) is not null;

    /// <summary>Runs <paramref name="read"/> on a table under the lock; null when the table does not exist.</summary>
    public T? WithTable<T>(string ns, string table, Func<EmulatedTable, int, T> read)
        where T : class
    {
        lock (_lock)
        {
            return _tables.TryGetValue((ns, table), out var t) ? read(t, _step) : null;
        }
    }

    public int BumpSchema(string ns, string table) => Mutate(ns, table, (t, step) =>
    {
        var next = SchemaBumper.NextVersion(t, step);
        t.Versions.Add(next);
        return next.Version;
    });

    public void RequireSnapshot(string ns, string table) => Mutate(ns, table, (t, step) =>
    {
        t.SnapshotRequiredBefore = StepTime(step);
        return 0;
    });

    public void AddTable(string ns, string table, JsonObject schema, long? rows)
    {
        var qualified = $"{ns}.{table}";
        var added = new EmulatedTable(ns, table, rows ?? Options.RowsFor(qualified));
        lock (_lock)
        {
            added.Versions.Add(TableVersion.Create(qualified, 1, schema, _step, _step));
            if (!_tables.TryAdd((ns, table), added))
            {
                throw new InvalidOperationException($"Table '{qualified}' already exists.");
            }
        }
    }

    public bool RemoveTable(string ns, string table)
    {
        lock (_lock)
        {
            return _tables.Remove((ns, table));
        }
    }

    private int Mutate(string ns, string table, Func<EmulatedTable, int, int> change)
    {
        lock (_lock)
        {
            return _tables.TryGetValue((ns, table), out var t)
                ? change(t, _step)
                : throw new KeyNotFoundException($"Table '{ns}.{table}' does not exist.");
        }
    }
}
