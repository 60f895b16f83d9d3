using Kit.Core.Client;

namespace Kit.Cli.Output;

/// <summary><see cref="KitClient"/>'s messages as log lines, written as they come (not posted to a context).</summary>
internal sealed class LogMessages(ConsoleLog log) : IProgress<KitMessage>
{
    public void Report(KitMessage value)
    {
        if (value.Level == KitMessageLevel.Warning) log.Warn(value.Text);
        else log.Info(value.Text);
    }
}
