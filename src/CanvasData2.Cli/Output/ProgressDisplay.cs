using Spectre.Console;

namespace CanvasData2.Cli.Output;

/// <summary>One line of progress (a table, a download, the tables done/total).</summary>
internal interface IProgressLine
{
    /// <summary>Sets how much work there is, when it becomes known.</summary>
    void SetTotal(double total);

    void Advance(double amount);

    /// <summary>Shows a running detail ("12.3 MB", "40,000 rows") next to the name; bars only.</summary>
    void Detail(string detail);

    /// <summary>Marks the line done with a short outcome ("3 files", "failed: ...").</summary>
    void Complete(string outcome);
}

/// <summary>Creates progress lines: bars on a terminal, plain lines elsewhere.</summary>
internal interface IProgressDisplay
{
    IProgressLine Add(string name, double? total = null);
}

internal static class ProgressDisplays
{
    /// <summary>Runs <paramref name="work"/> with bars on stderr when interactive, else with one plain line per completion.</summary>
    public static Task<T> RunWithProgressAsync<T>(this CliConsole console, Func<IProgressDisplay, Task<T>> work)
    {
        if (!console.Interactive)
        {
            return work(new PlainDisplay(console));
        }

        return console.Error.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(context => work(new BarDisplay(context)));
    }

    private sealed class BarDisplay(ProgressContext context) : IProgressDisplay
    {
        public IProgressLine Add(string name, double? total = null)
        {
            var task = context.AddTask(Markup.Escape(name), maxValue: total ?? 1);
            task.IsIndeterminate = total is null;
            return new BarLine(task, name);
        }
    }

    private sealed class BarLine(ProgressTask task, string name) : IProgressLine
    {
        public void SetTotal(double total)
        {
            task.IsIndeterminate = false;
            task.MaxValue = Math.Max(total, 1);
        }

        public void Advance(double amount) => task.Increment(amount);

        public void Detail(string detail) => task.Description = Markup.Escape($"{name} {detail}");

        public void Complete(string outcome)
        {
            task.Description = Markup.Escape($"{name}: {outcome}");
            task.IsIndeterminate = false;
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }

    private sealed class PlainDisplay(CliConsole console) : IProgressDisplay
    {
        public IProgressLine Add(string name, double? total = null) => new PlainLine(console, name);
    }

    private sealed class PlainLine(CliConsole console, string name) : IProgressLine
    {
        public void SetTotal(double total)
        {
        }

        public void Advance(double amount)
        {
        }

        public void Detail(string detail)
        {
        }

        public void Complete(string outcome) => console.Info($"{name}: {outcome}");
    }
}
