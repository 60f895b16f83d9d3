using System.ComponentModel;
using System.Diagnostics;
using Kit.Core.Formatting;

namespace Kit.Core.Importing;

/// <summary>Runs <c>git</c> without a terminal: no prompt can hang an import, and what it prints goes into the error.</summary>
internal sealed class GitCommand(IReadOnlyDictionary<string, string> environment, Func<string, string> redact)
{
    /// <summary>Runs git with <paramref name="arguments"/> and returns its standard output.</summary>
    /// <exception cref="KitException">git is missing, or it failed (with its last line of error output).</exception>
    public async Task<string> RunAsync(string? workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new KitException("git is not installed");
        }
        catch (Win32Exception e)
        {
            throw new KitException("git is not installed: install git and git-lfs (Debian: apt-get install git git-lfs)", e);
        }
        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            var stdout = await output.ConfigureAwait(false);
            var stderr = await error.ConfigureAwait(false);
            if (process.ExitCode == 0) return stdout;
            var why = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"exit code {process.ExitCode}";
            throw new KitException($"git {arguments[0]} failed: {MessageText.Escape(redact(why))}");
        }
    }
}
