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
    public static Task<T> RunAsync<T>(CliContext ctx, Func<ITransferObserver, Task<T>> work) =>
        LiveProgress.RunAsync(ctx, live => work(For(ctx, live)));

    /// <summary>Bars in <paramref name="live"/> when there is a live display, else lines or nothing.</summary>
    public static ITransferObserver For(CliContext ctx, ProgressContext? live) =>
        live is not null ? new BarTransferProgress(live)
        : ctx.Progress == ProgressMode.None ? NullTransferObserver.Instance
        : new PlainTransferProgress(ctx.Err);

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
        _ when ModelKitMediaTypes.TryParseLayer(blob.MediaType, null, out var layer, out _) => layer.Kind.MediaTypeBase,
        _ => "layer",
    };
}
