using System.Globalization;

namespace CanvasData2.Dap.Tests.Support.RecordReaders;

/// <summary>
/// The header row of a TSV or CSV file (<c>meta.ts</c>, <c>meta.action</c>, <c>key.x</c>, <c>value.x</c>, in
/// any order) and how to turn a row of fields into a <see cref="DapRecord"/>.
/// </summary>
internal sealed class RecordHeader
{
    private readonly Column[] _columns;
    private readonly int _keyCount;
    private readonly int _valueCount;

    private RecordHeader(Column[] columns)
    {
        _columns = columns;
        _keyCount = columns.Count(c => c.Role == Role.Key);
        _valueCount = columns.Count(c => c.Role == Role.Value);
    }

    public int Count => _columns.Length;

    public static RecordHeader Parse(IReadOnlyList<string> names, string format)
    {
        var columns = new Column[names.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (!seen.Add(name))
            {
                throw RecordErrors.Invalid(format, 1, name, "the header names this column twice");
            }

            columns[i] = name switch
            {
                "meta.ts" => new Column(Role.Ts, name, name),
                "meta.action" => new Column(Role.Action, name, name),
                _ when name.StartsWith("key.", StringComparison.Ordinal) && name.Length > 4 => new Column(Role.Key, name, name[4..]),
                _ when name.StartsWith("value.", StringComparison.Ordinal) && name.Length > 6 => new Column(Role.Value, name, name[6..]),
                _ => throw RecordErrors.Invalid(format, 1, name, "not a DAP column (expected meta.ts, meta.action, key.<name> or value.<name>)"),
            };
        }
        if (!columns.Any(c => c.Role == Role.Key))
        {
            throw RecordErrors.Invalid(format, 1, null, "the header has no key.<name> column");
        }

        return new RecordHeader(columns);
    }

    public DapRecord Build(IReadOnlyList<string?> fields, string format, long line)
    {
        if (fields.Count != _columns.Length)
        {
            throw RecordErrors.Invalid(format, line, null, $"{fields.Count} fields where the header has {_columns.Length}");
        }

        DateTimeOffset? ts = null;
        var action = DapAction.Upsert;
        var key = new Dictionary<string, string?>(_keyCount, StringComparer.Ordinal);
        var value = new Dictionary<string, string?>(_valueCount, StringComparer.Ordinal);
        for (var i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            var field = fields[i];
            switch (column.Role)
            {
                case Role.Ts:
                    ts = field is null ? null : ParseTimestamp(field, format, line, column.Header);
                    break;
                case Role.Action:
                    action = ParseAction(field, format, line, column.Header);
                    break;
                case Role.Key:
                    key[column.Name] = field;
                    break;
                default:
                    value[column.Name] = field;
                    break;
            }
        }
        return new DapRecord(ts, action, key, value);
    }

    internal static DateTimeOffset ParseTimestamp(string text, string format, long line, string column) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : throw RecordErrors.Invalid(format, line, column, $"'{Truncate(text)}' is not a timestamp");

    internal static DapAction ParseAction(string? text, string format, long line, string column) => text switch
    {
        "U" => DapAction.Upsert,
        "D" => DapAction.Delete,
        _ => throw RecordErrors.Invalid(format, line, column, $"'{Truncate(text ?? "NULL")}' is not an action (U or D)"),
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    private enum Role
    {
        Ts,
        Action,
        Key,
        Value,
    }

    private readonly record struct Column(Role Role, string Header, string Name);
}
