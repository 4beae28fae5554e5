using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CanvasData2.Cli.Output;

/// <summary>
/// All output of <c>cd2</c>: machine-readable results on stdout, human text on stderr. Progress bars and
/// colours only when stderr is a terminal and neither <c>NO_COLOR</c> nor <c>CI</c> is set. Every text that
/// comes from outside (table names, error messages) is escaped, so a <c>[</c> never breaks the markup.
/// </summary>
internal sealed class CliConsole
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public CliConsole()
        : this(Console.Out, Console.Error, ConsoleCapabilities.IsInteractive())
    {
    }

    public CliConsole(TextWriter stdout, TextWriter stderr, bool interactive)
    {
        _stdout = stdout;
        _stderr = stderr;
        Interactive = interactive;
        Error = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            Error.Profile.Width = 160;
        }
    }

    /// <summary>True when progress bars may be drawn.</summary>
    public bool Interactive { get; }

    /// <summary>The stderr console, for progress displays.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>A JSON document on stdout.</summary>
    public void WriteJson<T>(T value) => _stdout.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>One line of plain text on stdout (values meant for scripts, e.g. <c>export</c> lines).</summary>
    public void WriteResult(string line) => _stdout.WriteLine(line);

    public void Info(string text) => Error.MarkupLine(Markup.Escape(text));

    /// <summary>One line on stderr as it is, never wrapped: the run summary, which log searches match whole.</summary>
    public void InfoLine(string line) => _stderr.WriteLine(line);

    public void Success(string text) => Error.MarkupLine($"[green]{Markup.Escape(text)}[/]");

    public void Warn(string text) => Error.MarkupLine($"[yellow]warning:[/] {Markup.Escape(text)}");

    public void Fail(string text) => Error.MarkupLine($"[red]error:[/] {Markup.Escape(text)}");

    /// <summary>A text table on stderr; cells are escaped here.</summary>
    public void Table(string title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        if (!Interactive)
        {
            table.Border(TableBorder.Ascii);
        }

        foreach (var header in headers)
        {
            table.AddColumn(Markup.Escape(header));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        }

        Error.Write(table);
    }
}
