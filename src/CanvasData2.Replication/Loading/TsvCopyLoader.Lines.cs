using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace CanvasData2.Replication.Loading;

internal sealed partial class TsvCopyLoader
{
    /// <summary>
    /// Processes complete lines (the last may lack its newline at the end of the object) until their output passes
    /// a chunk, so that the output buffer stays bounded; returns the rows and the bytes of input consumed.
    /// </summary>
    private (long Rows, int Consumed) ProcessLines(TsvCopyPlan plan, ReadOnlySpan<byte> lines)
    {
        RejectNul(plan, lines);
        var total = lines.Length;
        long rows = 0;
        while (lines.Length > 0 && _outLength < ChunkSize)
        {
            var newline = lines.IndexOf((byte)'\n');
            var line = newline >= 0 ? lines[..newline] : lines;
            lines = newline >= 0 ? lines[(newline + 1)..] : default;
            _line++;
            CheckLength(line.Length, _line);
            if (line.IsEmpty)
            {
                if (lines.IsEmpty && _eof)
                {
                    break;
                }

                throw Error(plan, null, "is blank; DAP TSV has no blank lines", line);
            }

            ProcessLine(plan, line);
            rows++;
        }

        return (rows, total - lines.Length);
    }

    private void ProcessLine(TsvCopyPlan plan, ReadOnlySpan<byte> line)
    {
        var ops = plan.Ops;
        var pos = 0;
        var written = false;
        for (var f = 0; f < plan.PassTailStart; f++)
        {
            if (pos > line.Length)
            {
                throw Error(plan, null, $"has fewer fields than the header ({ops.Length.ToString(CultureInfo.InvariantCulture)})", line);
            }

            var tab = line[pos..].IndexOf((byte)'\t');
            var last = f == ops.Length - 1;
            if (last && tab >= 0)
            {
                throw Error(plan, null, $"has more fields than the header ({ops.Length.ToString(CultureInfo.InvariantCulture)})", line);
            }

            if (!last && tab < 0)
            {
                throw Error(plan, null, $"has fewer fields than the header ({ops.Length.ToString(CultureInfo.InvariantCulture)})", line);
            }

            var end = tab < 0 ? line.Length : pos + tab;
            if (plan.FingerprintKeys?[f] is { } key)
            {
                _fingerprints!.Add(key.KeyOrder, key.Kind, line[pos..end]);
            }

            var op = ops[f];
            if (op != FieldOp.Drop)
            {
                if (written)
                {
                    Append((byte)'\t');
                }

                WriteField(plan, f, op, line[pos..end], line);
                written = true;
            }

            pos = end + 1;
        }

        if (plan.PassTailStart < ops.Length)
        {
            if (pos > line.Length)
            {
                throw Error(plan, null, $"has fewer fields than the header ({ops.Length.ToString(CultureInfo.InvariantCulture)})", line);
            }

            if (written)
            {
                Append((byte)'\t');
            }

            // COPY itself checks the field count of the tail and reports the line.
            Append(line[pos..]);
        }

        _fingerprints?.EndRow(_orderBase + _line);
        AppendOrder();
        Append((byte)'\n');
    }

    /// <summary>The row's order value as the last COPY field: later lines and later objects sort higher.</summary>
    private void AppendOrder()
    {
        var field = Reserve(21);
        field[0] = (byte)'\t';
        Utf8Formatter.TryFormat(_orderBase + _line, field[1..], out var written);
        _outLength += 1 + written;
    }

    private void WriteField(TsvCopyPlan plan, int field, FieldOp op, ReadOnlySpan<byte> value, ReadOnlySpan<byte> line)
    {
        if (op == FieldOp.Action)
        {
            // Anything but U or D would be neither upserted nor deleted at commit: a silent loss.
            if (!value.SequenceEqual("U"u8) && !value.SequenceEqual("D"u8))
            {
                var shown = value.SequenceEqual("\\N"u8) || value.IsEmpty ? "no meta.action" : $"meta.action '{Shown(value)}'";
                throw Error(plan, null, $"has {shown}; an incremental row must be U (upsert) or D (delete)", line);
            }

            Append(value);
            return;
        }

        if (op == FieldOp.Pass || value.SequenceEqual("\\N"u8))
        {
            Append(value);
            return;
        }

        switch (op)
        {
            case FieldOp.Date:
                Append(value.SequenceEqual("0001-01-01"u8) ? "-infinity"u8 : value.SequenceEqual("9999-12-31"u8) ? "infinity"u8 : value);
                break;
            case FieldOp.Timestamp:
                Append(ExtremeTimestamps.IsMinimum(value) ? "-infinity"u8 : ExtremeTimestamps.IsMaximum(value) ? "infinity"u8 : value);
                break;
            case FieldOp.FiniteDecimal:
                foreach (var b in value)
                {
                    if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' && b is not ((byte)'e' or (byte)'E'))
                    {
                        throw Error(plan, field, $"holds '{Encoding.UTF8.GetString(value)}', not a finite decimal number", line);
                    }
                }

                Append(value);
                break;
            case FieldOp.JsonArray:
                WriteArray(plan, field, value, line);
                break;
            default:
                Append(value);
                break;
        }
    }

    private void WriteArray(TsvCopyPlan plan, int field, ReadOnlySpan<byte> value, ReadOnlySpan<byte> line)
    {
        // The JSON (never longer than the field) and the literal (never longer than the JSON, + braces).
        var needed = value.Length + 16;
        if (_scratch.Length < needed * 2)
        {
            Free(_scratch);
            _scratch = Allocate(needed * 2);
        }

        var json = _scratch.AsSpan(0, needed);
        var literal = _scratch.AsSpan(needed, needed);
        var jsonLength = CopyText.Unescape(value, json);
        if (!PgArrayLiteral.TryWrite(json[..jsonLength], literal, out var literalLength, out var problem))
        {
            throw Error(plan, field, $"is not a JSON array of scalars ({problem})", line);
        }

        var target = Reserve(literalLength * 2);
        _outLength += CopyText.Escape(literal[..literalLength], target);
    }

    /// <summary>A NUL character (raw or the <c>\0</c> escape) cannot be stored in PostgreSQL text: say where it is.</summary>
    private void RejectNul(TsvCopyPlan plan, ReadOnlySpan<byte> lines)
    {
        var at = lines.IndexOf((byte)0);
        var searchFrom = 0;
        while (at < 0)
        {
            var escape = lines[searchFrom..].IndexOf("\\0"u8);
            if (escape < 0)
            {
                return;
            }

            escape += searchFrom;
            var backslashes = 1;
            while (escape - backslashes >= 0 && lines[escape - backslashes] == (byte)'\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 1)
            {
                at = escape;
            }

            searchFrom = escape + 1;
        }

        var lineStart = lines[..at].LastIndexOf((byte)'\n') + 1;
        var lineEnd = lines[lineStart..].IndexOf((byte)'\n');
        var line = lineEnd < 0 ? lines[lineStart..] : lines.Slice(lineStart, lineEnd);
        var field = line[..(at - lineStart)].Count((byte)'\t');
        _line += lines[..lineStart].Count((byte)'\n') + 1;
        throw Error(plan, field, "contains a NUL character, which PostgreSQL text cannot store", line);
    }

    private ReplicationException Error(TsvCopyPlan plan, int? field, string problem, ReadOnlySpan<byte> line)
    {
        var column = field is { } f && f < plan.FieldColumns.Length ? plan.FieldColumns[f] : null;
        var key = KeyOf(plan, line);
        var where = column is null ? "" : $" column '{column}'";
        var message = $"Table {plan.Table}: object {_objectId} line {_line.ToString(CultureInfo.InvariantCulture)}{where}{key} {problem}.";
        return new ReplicationException(message, plan.Table, column);
    }

    private static string Shown(ReadOnlySpan<byte> value)
        => value.Length > 20 ? Encoding.UTF8.GetString(value[..20]) + "…" : Encoding.UTF8.GetString(value);

    private static string KeyOf(TsvCopyPlan plan, ReadOnlySpan<byte> line)
    {
        if (plan.KeyField < 0)
        {
            return "";
        }

        for (var f = 0; f < plan.KeyField; f++)
        {
            var tab = line.IndexOf((byte)'\t');
            if (tab < 0)
            {
                return "";
            }

            line = line[(tab + 1)..];
        }

        var end = line.IndexOf((byte)'\t');
        var key = end < 0 ? line : line[..end];
        return key.Length > 100 ? "" : $" (key {Encoding.UTF8.GetString(key)})";
    }
}
