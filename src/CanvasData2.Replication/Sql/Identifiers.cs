using System.Security.Cryptography;
using System.Text;

namespace CanvasData2.Replication.Sql;

/// <summary>
/// The only way names reach SQL text: always double-quoted, embedded quotes doubled, and names that
/// PostgreSQL would cut at 63 bytes shortened deterministically with a hash suffix.
/// </summary>
internal static class Identifiers
{
    /// <summary>PostgreSQL's NAMEDATALEN - 1.</summary>
    public const int MaxBytes = 63;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A quoted identifier. Rejects names PostgreSQL cannot hold (empty, NUL, invalid UTF-16).</summary>
    public static string Quote(string name)
    {
        Validate(name);
        return "\"" + Fit(name).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A quoted schema-qualified name.</summary>
    public static string Qualified(string schema, string name) => Quote(schema) + "." + Quote(name);

    /// <summary>
    /// A SQL string literal (for comments and enum labels, where no parameter can be used). Text with a backslash
    /// is written as an escape string, <c>E'…'</c> with backslashes doubled, so it means the same whatever
    /// <c>standard_conforming_strings</c> says (with it off, a backslash in <c>'…'</c> is an escape and can end the
    /// literal early: injection). Text without one is <c>'…'</c>, identical under both settings and as the official client spells it.
    /// </summary>
    public static string Literal(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A NUL character cannot be stored in PostgreSQL text.", nameof(value));
        }

        var quoted = value.Replace("'", "''", StringComparison.Ordinal);
        return value.Contains('\\', StringComparison.Ordinal)
            ? "E'" + quoted.Replace("\\", "\\\\", StringComparison.Ordinal) + "'"
            : "'" + quoted + "'";
    }

    /// <summary>
    /// The name as PostgreSQL will store it: unchanged when it fits in 63 bytes, else a prefix plus
    /// <c>_</c> and 8 hex digits of its SHA-256, so that distinct long names stay distinct.
    /// </summary>
    public static string Fit(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxBytes)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        var prefix = new StringBuilder();
        var budget = MaxBytes - 9;
        foreach (var rune in name.EnumerateRunes())
        {
            budget -= rune.Utf8SequenceLength;
            if (budget < 0)
            {
                break;
            }

            prefix.Append(rune.ToString());
        }

        return prefix + "_" + hash;
    }

    private static void Validate(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("An SQL identifier cannot be empty.", nameof(name));
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The name '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character.", nameof(name));
        }

        try
        {
            StrictUtf8.GetByteCount(name);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The name is not valid Unicode (a lone surrogate).", nameof(name), e);
        }
    }
}
