using Kit.Core.Formatting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Kit.Cli.Output;

/// <summary>The row's label as plain text (never markup), never wrapped.</summary>
internal sealed class LabelColumn : ProgressColumn
{
    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) => new Text(task.Description);

    public override int? GetColumnWidth(RenderOptions options) => LiveProgress.LabelWidth;
}

/// <summary><c>12.0 MiB/1.0 GiB</c> while running, the total when finished.</summary>
internal sealed class BytesColumn : ProgressColumn
{
    public const int Width = 21;

    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var total = (long)task.MaxValue;
        var text = task.IsFinished ? SizeFormatter.Format(total) : $"{SizeFormatter.Format((long)task.Value)}/{SizeFormatter.Format(total)}";
        return new Text(text).RightJustified();
    }

    public override int? GetColumnWidth(RenderOptions options) => Width;
}

/// <summary>Bytes per second while running; nothing before the first sample or once finished (no <c>?/s</c>).</summary>
internal sealed class RateColumn : ProgressColumn
{
    public const int Width = 12;

    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(task.IsFinished || task.Speed is not { } speed ? "" : SizeFormatter.Format((long)speed) + "/s").RightJustified();

    public override int? GetColumnWidth(RenderOptions options) => Width;
}

/// <summary>Time left while running and known; the elapsed time once finished.</summary>
internal sealed class TimeLeftColumn : ProgressColumn
{
    public const int Width = 8;

    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var time = task.IsFinished ? task.ElapsedTime : task.RemainingTime;
        return new Text(time is { } t ? $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}" : "");
    }

    public override int? GetColumnWidth(RenderOptions options) => Width;
}
