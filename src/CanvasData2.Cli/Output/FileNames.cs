namespace CanvasData2.Cli.Output;

/// <summary>File names from API strings (table names, object ids): path separators and other unsafe characters replaced.</summary>
internal static class FileNames
{
    public static string Safe(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(name.Select(c => invalid.Contains(c) || c is '\\' or ':' ? '_' : c).ToArray());
        return safe is "." or ".." || safe.Length == 0 ? "_" : safe;
    }
}
