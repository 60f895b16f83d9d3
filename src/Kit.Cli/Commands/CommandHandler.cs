using System.CommandLine;
using Kit.Cli.Hosting;
using Kit.Cli.Output;

namespace Kit.Cli.Commands;

/// <summary>Binds a handler to a command: builds the context, runs it, turns failures into one line and exit code 1.</summary>
public sealed class CommandHandler(GlobalOptions global, CliHost host, int verbosity)
{
    public void Bind(Command command, Func<ParseResult, CliContext, CancellationToken, Task<int>> handler) =>
        command.SetAction(async (parse, ct) =>
        {
            CliContext? context = null;
            try
            {
                context = CliContext.Create(parse, global, host, verbosity);
                return await handler(parse, context, ct).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The one place where any failure of a verb becomes a one-line message and exit code 1.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return ErrorReporter.Report(ex, host.Err, context?.Log.IsEnabled(LogLevel.Debug) == true);
            }
        });
}
