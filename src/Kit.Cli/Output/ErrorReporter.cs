using Kit.Core;
using Kit.Core.Configuration;
using Kit.Core.Formatting;
using Kit.Core.Kitfiles;
using Kit.Core.Remote;
using Kit.Core.Unpacking;

namespace Kit.Cli.Output;

/// <summary>
/// The only place where an exception becomes a message and an exit code. Core's messages name what failed and why;
/// the advice that names kit's own flags and commands is added here, from the exception's type and kind.
/// </summary>
public static class ErrorReporter
{
    /// <summary>Validation problems listed under the error line; the rest are counted, not printed.</summary>
    private const int MaxListedProblems = 20;

    /// <summary>What a shell reports for a program killed by SIGPIPE, as KitOps (Go) is when its reader goes away.</summary>
    public const int BrokenPipeExitCode = 141;

    public static int Report(Exception ex, TextWriter err, bool withStack)
    {
        // The reader of our output stopped reading (kit list | head): nothing is wrong, and nobody reads what we would say.
        if (FileSystemMessages.IsBrokenPipe(ex))
            return BrokenPipeExitCode;
        err.WriteLine("[ERROR] " + MessageText.Escape(Message(ex)));
        if (ex is KitfileValidationException validation)
            WriteProblems(validation.Problems, err);
        if (ex is Kit.Core.Indexes.IndexSelectionException selection)
        {
            foreach (var entry in selection.Entries)
                err.WriteLine("  " + MessageText.Escape(entry));
        }
        if (withStack) err.WriteLine(ex.ToString());
        return ex is OperationCanceledException ? 130 : 1;
    }

    /// <summary>
    /// The one line (without the <c>[ERROR] </c> prefix) kit prints for <paramref name="ex"/>, before control characters
    /// are escaped.
    /// </summary>
    public static string Message(Exception ex) => ex switch
    {
        KitfileValidationException => "errors while validating Kitfile:",
        _ when FileSystemMessages.IsFileSystemFailure(ex) => FileSystemMessages.Describe(ex),
        OperationCanceledException => "Cancelled.",
        RegistryAccessException registry => OneLine(WithAdvice(registry)),
        TarExtractionException { Error: TarExtractionError.PathExists } exists =>
            exists.Message + " (use -o/--overwrite to replace it or -i/--ignore-existing to keep it)",
        KitHomeNotFoundException home => home.Message.Replace("Set $KITOPS_HOME.", "Use --config or set $KITOPS_HOME.", StringComparison.Ordinal),
        KitException or FormatException or InvalidDataException => ex.Message,
        // A local blob that is damaged or gone: the storage verb that repairs what can be repaired.
        Kit.Oci.Layout.ContentIntegrityException { Location: { } where } corrupt when where.StartsWith("store at ", StringComparison.Ordinal) =>
            corrupt.Message + "; run kit storage repair to delete the corrupt blob, then pull or pack the ModelKit again",
        Kit.Oci.Layout.BlobNotFoundException missing =>
            $"{missing.Message} ({missing.Path}); run kit storage repair to drop ModelKits whose manifest is gone, and pull or pack the ModelKit again",
        // Registry errors are one line naming registry and subject, and never carry a secret.
        Kit.Oci.Remote.RegistryException or Kit.Oci.Remote.ManifestTooLargeException or HttpRequestException => OneLine(ex.Message),
        _ => $"unexpected error ({ex.GetType().Name}): {ex.Message}",
    };

    private static string WithAdvice(RegistryAccessException e) => e.Kind switch
    {
        RegistryFailureKind.AccessDenied => $"{e.Message}; check your permissions or run kit login {e.Registry}",
        RegistryFailureKind.PlainHttpToHttpsRegistry => $"registry {e.Registry} speaks HTTPS but --plain-http was given; drop --plain-http",
        RegistryFailureKind.NotARegistry => e.Message + " (a registry without TLS needs --plain-http)",
        RegistryFailureKind.TlsHandshake => e.Message + "; for a self-signed certificate use --tls-verify=false "
            + "or trust its CA with --tls-cert, for a registry without TLS use --plain-http, for client certificates pass --cert and --key",
        RegistryFailureKind.ProxyRefused => e.Message + "; check --proxy or HTTPS_PROXY",
        RegistryFailureKind.Stalled => e.Message + "; KIT_STALL_TIMEOUT=<seconds> allows longer pauses",
        RegistryFailureKind.RequestFailed when !e.PlainHttp => e.Message + "; if the registry has no TLS, use --plain-http",
        _ => e.Message,
    };

    private static void WriteProblems(IReadOnlyList<string> problems, TextWriter err)
    {
        foreach (var problem in problems.Take(MaxListedProblems))
            err.WriteLine("  * " + MessageText.Escape(problem));
        if (problems.Count > MaxListedProblems)
            err.WriteLine($"  ... and {problems.Count - MaxListedProblems} more");
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
