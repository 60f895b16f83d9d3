using Kit.Core;

namespace Kit.Cli.Output;

/// <summary>The only place where an exception becomes a message and an exit code.</summary>
public static class ErrorReporter
{
    public static int Report(Exception ex, TextWriter err, bool withStack)
    {
        var message = ex switch
        {
            OperationCanceledException => "Cancelled.",
            KitException or IOException or UnauthorizedAccessException or FormatException or InvalidDataException => ex.Message,
            // Registry errors are one line naming registry and subject, and never carry a secret.
            Kit.Oci.Remote.RegistryException or Kit.Oci.Remote.ManifestTooLargeException or HttpRequestException => OneLine(ex.Message),
            _ => $"unexpected error ({ex.GetType().Name}): {ex.Message}",
        };
        err.WriteLine("[ERROR] " + message);
        if (withStack) err.WriteLine(ex.ToString());
        return ex is OperationCanceledException ? 130 : 1;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
