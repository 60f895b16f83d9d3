using Kit.Core.Packing;
using Kit.Cli.Commands;
using Kit.Cli.Hosting;
using Kit.Cli.Output;
using Kit.Core.Configuration;
using Kit.Core.Format;
using Kit.Core.Transfer;
using Kit.Oci;

namespace Kit.Cli.Tests.Output;

public sealed class TransferProgressTests
{
    private static readonly Digest Blob = Digest.Compute("hello"u8);
    private static readonly Descriptor Model = new(ModelKitMediaTypes.Layer(LayerKind.Model, LayerCompression.None), Blob, 12_900_000);
    private static readonly Descriptor Config = new(ModelKitMediaTypes.Config, Blob, 10);

    private static CliContext Context(ProgressMode mode, StringWriter err, bool terminal = false, int columns = 80) => new()
    {
        Home = new KitHome(Path.GetTempPath()),
        Log = new ConsoleLog(LogLevel.Info, err),
        Progress = mode,
        Host = new CliHost
        {
            Environment = new Dictionary<string, string> { ["COLUMNS"] = columns.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            WorkingDirectory = Path.GetTempPath(),
            In = TextReader.Null,
            Out = TextWriter.Null,
            Err = err,
            StderrIsTerminal = terminal,
        },
    };

    [Fact]
    public async Task Without_a_terminal_each_blob_gets_a_start_and_an_end_line()
    {
        var err = new StringWriter();
        await TransferProgress.RunAsync(Context(ProgressMode.Plain, err), observer =>
        {
            observer.BlobStarted(Model, TransferBlobKind.Layer);
            observer.BlobProgress(Model, 5);
            observer.BlobCompleted(Model, BlobTransferOutcome.Uploaded);
            observer.BlobStarted(Config, TransferBlobKind.Config);
            observer.BlobCompleted(Config, BlobTransferOutcome.Skipped);
            return Task.FromResult(0);
        });
        var lines = err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var label = "sha256:" + Blob.Hex[..8];
        Assert.Equal([
            $"Copying {label} (12.3 MiB) model",
            $"Copying {label}: done, uploaded",
            $"Copying {label} (10 B) config",
            $"Copying {label}: done, skipped (already present)"], lines);
    }

    [Fact]
    public async Task Progress_none_writes_nothing()
    {
        var err = new StringWriter();
        await TransferProgress.RunAsync(Context(ProgressMode.None, err, terminal: true), observer =>
        {
            observer.BlobStarted(Config, TransferBlobKind.Config);
            observer.BlobCompleted(Config, BlobTransferOutcome.Downloaded);
            return Task.FromResult(0);
        });
        Assert.Equal("", err.ToString());
    }

    [Theory]
    [InlineData(80)]
    [InlineData(60)]
    public async Task Bars_fit_the_terminal_and_finished_rows_say_what_happened(int columns)
    {
        var err = new StringWriter();
        await TransferProgress.RunAsync(Context(ProgressMode.Plain, err, terminal: true, columns), observer =>
        {
            observer.BlobStarted(Model, TransferBlobKind.Layer);
            observer.BlobProgress(Model, 1_000_000);
            observer.BlobCompleted(Model, BlobTransferOutcome.Uploaded);
            observer.BlobStarted(Config, TransferBlobKind.Config);
            observer.BlobCompleted(Config, BlobTransferOutcome.Skipped);
            return Task.FromResult(0);
        });
        var screen = System.Text.RegularExpressions.Regex.Replace(err.ToString(), @"\x1b(\[[0-9;?]*[ -/]*[@-~]|[=>])", "");
        var lines = screen.Split('\n', '\r').Where(l => l.Trim().Length > 0).ToList();
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length < columns, $"{l.TrimEnd().Length} columns: {l}\n{screen}"));
        var last = lines.TakeLast(2).ToList();
        Assert.StartsWith("Uploaded model", last[0], StringComparison.Ordinal);
        Assert.StartsWith("Present  config", last[1], StringComparison.Ordinal);
        Assert.DoesNotContain("?/s", screen, StringComparison.Ordinal);
        // No terminal mode changed, so none to restore.
        Assert.DoesNotContain("\u001b[?1h", err.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b=", err.ToString(), StringComparison.Ordinal);
    }
}
