using Kit.Core.Formatting;
using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>
/// The published Native AOT binary itself, for what in-process runs cannot show: the README quick start as a user
/// runs it, the build metadata, a password piped into the real process's stdin.
/// </summary>
[UsesKitBinary]
public sealed class NativeBinaryTests : RemoteTestBase
{
    [Fact]
    public void Readme_quick_start_packs_the_example_from_the_repository_root()
    {
        var packed = Kit.RunIn(RepoPaths.Root, null, "pack", "examples/sentiment", "-t", "sentiment:0.1.0").ShouldSucceed();
        var digest = packed.Stdout.Trim()["Model saved: ".Length..];
        Assert.Contains(("sentiment", "0.1.0", digest), ListRows());
    }

    [Fact]
    public async Task A_reader_that_stops_reading_ends_kit_quietly_as_a_broken_pipe_ends_kitops()
    {
        Work.WriteFile("ctx/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m.bin\n");
        Work.WriteFile("ctx/m.bin", "weights");
        // 2,000 rows: far more than a pipe holds, so kit is still writing when the reader goes.
        var tags = string.Join(",", Enumerable.Range(0, 2000).Select(i => $"t{i}"));
        Kit.Run("pack", Work.Combine("ctx"), "-t", "many:" + tags).ShouldSucceed();

        using var process = System.Diagnostics.Process.Start(Kit.Binary.BinaryStartInfo("list"))!;
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.StartsWith("REPOSITORY", process.StandardOutput.ReadLine(), StringComparison.Ordinal);
        process.StandardOutput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(141, process.ExitCode);
        Assert.Equal("", await stderr);
    }

    [Fact]
    public void Output_redirected_to_one_file_keeps_every_line_in_order_and_leaves_the_offset_after_them()
    {
        Work.WriteFile("ctx/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m.bin\n");
        Work.WriteFile("ctx/m.bin", "weights");
        var log = Work.Combine("log");
        var start = Kit.Binary.BinaryStartInfo();
        var kit = start.FileName;
        start.FileName = "/bin/sh";
        // stdout and stderr share one open file, and the shell writes after kit returns: each write must go where the
        // file's offset is and move it, as a write(2) does.
        foreach (var a in (string[])["-c", "{ \"$0\" pack \"$1\" -t lines:1; echo AFTER; } >\"$2\" 2>&1", kit, Work.Combine("ctx"), log])
            start.ArgumentList.Add(a);
        using (var process = System.Diagnostics.Process.Start(start)!)
        {
            process.StandardInput.Close();
            Assert.True(process.WaitForExit(60_000));
            Assert.Equal(0, process.ExitCode);
        }
        var digest = "sha256:[0-9a-f]{64}";
        Assert.Matches($"^Saved model layer: {digest}\nSaved configuration: {digest}\nSaved manifest to storage: {digest}\nModel saved: {digest}\nAFTER\n$",
            File.ReadAllText(log));
    }

    [Fact]
    public void A_full_output_device_is_named_as_the_output_not_the_store()
    {
        var start = Kit.Binary.BinaryStartInfo();
        var kit = start.FileName;
        start.FileName = "/bin/sh";
        foreach (var a in (string[])["-c", "\"$0\" version >/dev/full", kit])
            start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000));
        Assert.Equal(1, process.ExitCode);
        Assert.Equal("[ERROR] cannot write standard output: No space left on device", stderr.Trim());
    }

    [Fact]
    public void Version_reports_the_commit_it_was_built_from()
    {
        var version = Kit.Run("version").ShouldSucceed().Stdout;
        Assert.Matches(@"(?m)^Version: \d+\.\d+\.\d+", version);
        Assert.Matches(@"(?m)^Commit: [0-9a-f]{7,}$", version);
    }

    [RegistryFact]
    public async Task Login_reads_the_password_from_the_process_stdin()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsBasicAuth);
        var login = Login(registry, registry.Password).ShouldSucceed();
        Assert.Contains("Log in successful", login.Stdout, StringComparison.Ordinal);
        AssertSecretAbsent(login, registry.Password);
        Assert.Contains(registry.HostPort, File.ReadAllText(CredentialsFile), StringComparison.Ordinal);
    }

    /// <summary>
    /// Native AOT strips the runtime's messages: an HTTP failure arrives as a resource key
    /// (<c>net_http_invalid_response_premature_eof (ResponseEnded)</c>). Every line kit prints, retries included, is a sentence.
    /// </summary>
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Le", "request failed (the registry closed the connection before the end of the response)")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\nContent-Length: 1000\r\n\r\n{\"sch",
        "(the registry closed the connection before the end of the response)")]
    [InlineData("HTTX/9 what\r\n\r\n", "request failed (the registry sent an invalid HTTP response)")]
    public async Task Network_failures_are_sentences_not_resource_keys(string answer, string expected)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(listener, System.Text.Encoding.ASCII.GetBytes(answer), stop.Token);
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        var result = Kit.Run("inspect", "-r", $"127.0.0.1:{port}/org/model:v1", "--plain-http").ShouldFail();
        await stop.CancelAsync();
        await serving;
        Assert.Contains(expected, result.SingleErrorLine(), StringComparison.Ordinal);
        Assert.False(NetworkMessages.ContainsResourceKey(result.Stderr), result.Stderr);
    }

    [RegistryFact]
    public async Task Https_to_a_registry_without_tls_is_a_sentence()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var line = Kit.Run("list", $"{registry.HostPort}/org/x").ShouldFail().SingleErrorLine();
        Assert.Contains($"registry {registry.HostPort}: TLS handshake failed (the server did not answer with TLS)", line, StringComparison.Ordinal);
        Assert.False(NetworkMessages.ContainsResourceKey(line), line);
    }

    /// <summary>Answers every connection with <paramref name="answer"/> (after reading the request head), then closes it.</summary>
    private static async Task ServeAsync(System.Net.Sockets.TcpListener listener, byte[] answer, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptSocketAsync(stop);
                var head = new List<byte>();
                var buffer = new byte[4096];
                while (head.Count < 4 || !head.TakeLast(4).SequenceEqual("\r\n\r\n"u8.ToArray()))
                {
                    var n = await client.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, stop);
                    if (n == 0) break;
                    head.AddRange(buffer.AsSpan(0, n).ToArray());
                }
                await client.SendAsync(answer, System.Net.Sockets.SocketFlags.None, stop);
                client.Shutdown(System.Net.Sockets.SocketShutdown.Both);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
