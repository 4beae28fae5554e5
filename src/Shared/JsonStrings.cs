using System.Globalization;
using System.Text;

namespace CanvasData2.Shared;

/// <summary>
/// JSON string escaping as Python's <c>json.dumps(ensure_ascii=False)</c> writes it: only quotes, backslashes and
/// control characters are escaped, non-ASCII text stays as it is. Both the emulator (DAP's JSON values) and the
/// replica engine (the official client's schema description) must match that byte for byte. This one file is
/// compiled into both (a linked source file): the emulator stands alone and references no other project.
/// </summary>
internal static class JsonStrings
{
    /// <summary>Appends <paramref name="value"/> as a quoted JSON string.</summary>
    public static void Append(StringBuilder output, string value)
    {
        output.Append('"');
        foreach (var c in value)
        {
            var escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                _ => null,
            };
            if (escape is not null)
            {
                output.Append(escape);
            }
            else if (c < ' ')
            {
                output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                output.Append(c);
            }
        }

        output.Append('"');
    }
}
