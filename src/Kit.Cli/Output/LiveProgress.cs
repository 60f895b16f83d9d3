using Kit.Cli.Commands;
using Spectre.Console;

namespace Kit.Cli.Output;

/// <summary>
/// The live progress display of every long job (push, pull, pack, unpack) on a terminal: one row per item, laid out
/// for the terminal's width (80 columns and narrower without wrapping). Log lines written meanwhile go above it.
/// It changes no terminal mode: the width comes from the kernel (<see cref="Hosting.TerminalSize"/>), not from the
/// runtime's console, which would switch the terminal to keypad mode.
/// </summary>
internal static class LiveProgress
{
    /// <summary>Width of the row label: verb, item kind and a short name.</summary>
    internal const int LabelWidth = 24;

    /// <summary>Runs <paramref name="work"/> with a live display, or with null when stderr is no terminal or progress is off.</summary>
    public static async Task<T> RunAsync<T>(CliContext ctx, Func<ProgressContext?, Task<T>> work)
    {
        if (ctx.Progress == ProgressMode.None || !ctx.Host.StderrIsTerminal)
            return await work(null).ConfigureAwait(false);

        var width = TerminalWidth(ctx);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(ctx.Err),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
        });
        // Both set, so Spectre never asks the runtime's console (whose first question switches the keypad mode).
        console.Profile.Width = width;
        console.Profile.Height = TerminalHeight(ctx);
        var progress = console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(Columns(width));
        using var logAbove = ctx.Log.RedirectTo(line => console.Write(new Text(line + Environment.NewLine)));
        return await progress.StartAsync(p => work(p)).ConfigureAwait(false);
    }

    /// <summary>
    /// Label and bar always; then bytes, rate and time left while they fit in one line of <paramref name="width"/>
    /// columns (one column spare, so a full row never wraps). The bar takes what is left, 15 to 40 columns.
    /// </summary>
    internal static ProgressColumn[] Columns(int width)
    {
        const int minBar = 15;
        var available = width - 1 - LabelWidth - 1 - minBar;
        var columns = new List<ProgressColumn> { new LabelColumn() };
        var optional = new List<ProgressColumn>();
        foreach (var (column, size) in new (ProgressColumn, int)[] { (new BytesColumn(), BytesColumn.Width), (new RateColumn(), RateColumn.Width), (new TimeLeftColumn(), TimeLeftColumn.Width) })
        {
            if (available < size + 1) break;
            optional.Add(column);
            available -= size + 1;
        }
        columns.Add(new ProgressBarColumn { Width = Math.Clamp(minBar + available, minBar, 40) });
        columns.AddRange(optional);
        return [.. columns];
    }

    /// <summary>The terminal's columns as the kernel reports them, else <c>COLUMNS</c>, else 80.</summary>
    private static int TerminalWidth(CliContext ctx) =>
        ctx.Host.TerminalSize is { Columns: > 0 } size ? size.Columns
        : int.TryParse(ctx.Variable("COLUMNS"), out var columns) && columns > 0 ? columns
        : 80;

    /// <summary>The terminal's rows as the kernel reports them, else <c>LINES</c>, else 24.</summary>
    private static int TerminalHeight(CliContext ctx) =>
        ctx.Host.TerminalSize is { Rows: > 0 } size ? size.Rows
        : int.TryParse(ctx.Variable("LINES"), out var lines) && lines > 0 ? lines
        : 24;

    /// <summary>A row label of exactly <see cref="LabelWidth"/> columns: <c>Copying  model    1a2b3c</c>.</summary>
    internal static string Label(string verb, string kind, string name)
    {
        var label = $"{verb,-8} {kind,-8} {name}";
        return label.Length > LabelWidth ? label[..(LabelWidth - 1)] + "…" : label.PadRight(LabelWidth);
    }
}
