using Kit.Cli.Commands;
using Kit.Core.Format;
using Kit.Core.Transfer;
using Spectre.Console;

namespace Kit.Cli.Output;

/// <summary>
/// Chooses how a push or pull shows progress, on stderr so stdout stays data: live bars on a terminal,
/// one line per blob when stderr is a file or pipe, nothing with <c>--progress none</c> (or <c>-vvv</c>).
/// </summary>
internal static class TransferProgress
{
    public static async Task<T> RunAsync<T>(CliContext ctx, Func<ITransferObserver, Task<T>> work)
    {
        if (ctx.Progress == ProgressMode.None)
            return await work(NullTransferObserver.Instance).ConfigureAwait(false);
        if (!ctx.Host.StderrIsTerminal)
            return await work(new PlainTransferProgress(ctx.Err)).ConfigureAwait(false);

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(ctx.Err) });
        var progress = console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn());
        return await progress.StartAsync(p => work(new BarTransferProgress(p))).ConfigureAwait(false);
    }

    /// <summary><c>sha256:</c> plus 8 hex digits, as KitOps labels its bars ("Copying 1a2b3c4d").</summary>
    internal static string ShortDigest(Kit.Oci.Digest digest) => "sha256:" + digest.Hex[..8];

    internal static string Describe(BlobTransferOutcome outcome) => outcome switch
    {
        BlobTransferOutcome.Skipped => "skipped (already present)",
        BlobTransferOutcome.Mounted => "mounted from another repository",
        BlobTransferOutcome.Uploaded => "uploaded",
        BlobTransferOutcome.Downloaded => "downloaded",
        BlobTransferOutcome.Resumed => "downloaded (resumed)",
        _ => outcome.ToString(),
    };

    /// <summary>What the blob is for a person: the layer type (model, dataset...), config or manifest.</summary>
    internal static string Describe(Kit.Oci.Descriptor blob, TransferBlobKind kind) => kind switch
    {
        TransferBlobKind.Config => "config",
        TransferBlobKind.Manifest => "manifest",
        _ when ModelKitMediaTypes.TryParseLayer(blob.MediaType, out var layer, out _) => layer.MediaTypeBase,
        _ => "layer",
    };
}
