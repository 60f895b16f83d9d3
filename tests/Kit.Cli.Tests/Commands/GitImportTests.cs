using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Kit.Cli.Tests.Infrastructure;
using Kit.TestSupport;

namespace Kit.Cli.Tests.Commands;

/// <summary>
/// <c>kit import --tool git</c> (the default for URLs that are not Hugging Face's) against git's own smart HTTP backend
/// with a Git LFS endpoint: only the large files the Kitfile packs are pulled.
/// </summary>
public sealed class GitImportTests : KitTestBase
{
    private static readonly byte[] Weights = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("weights-", 700)));
    private static readonly byte[] Extra = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("extra-", 500)));

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Pointer(byte[] bytes) => $"version https://git-lfs.github.com/spec/v1\noid sha256:{Sha256(bytes)}\nsize {bytes.Length}\n";

    private static string Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main", .. args])
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} failed: {stderr}");
        return stdout.Trim();
    }

    /// <summary>A bare repository acme/tiny.git under the server's root with two LFS files and two small ones; returns its commit.</summary>
    private string CreateRepository(GitHttpServer server, string root)
    {
        var source = Work.Combine("source");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, ".gitattributes"), "*.safetensors filter=lfs diff=lfs merge=lfs -text\n");
        File.WriteAllText(Path.Combine(source, "model.safetensors"), Pointer(Weights));
        File.WriteAllText(Path.Combine(source, "extra.safetensors"), Pointer(Extra));
        File.WriteAllText(Path.Combine(source, "config.json"), "{\"layers\":2}");
        File.WriteAllText(Path.Combine(source, "README.md"), "# tiny\n");
        Git(source, "init", "-q");
        Git(source, "add", ".");
        Git(source, "commit", "-q", "-m", "tiny model");
        Directory.CreateDirectory(Path.Combine(root, "acme"));
        Git(root, "clone", "-q", "--bare", source, Path.Combine(root, "acme", "tiny.git"));
        server.LfsObjects[Sha256(Weights)] = Weights;
        server.LfsObjects[Sha256(Extra)] = Extra;
        return Git(source, "rev-parse", "HEAD");
    }

    [GitFact]
    public async Task A_git_url_is_cloned_and_only_the_packed_large_files_are_pulled()
    {
        var root = Work.Combine("served");
        Directory.CreateDirectory(root);
        await using var server = new GitHttpServer(root);
        var commit = CreateRepository(server, root);
        var url = $"http://127.0.0.1:{server.Port}/acme/tiny.git";

        var result = Kit.Run("import", url, "--exclude", "extra.safetensors", "--attestation-output", Work.Combine("provenance.json")).ShouldSucceed();

        Assert.Contains("Using tag acme/tiny:latest. Use flag --tag to override", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Cloning repository {url}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Pulling large files", result.Stderr, StringComparison.Ordinal);
        Assert.Equal([Sha256(Weights)], server.LfsDownloads);
        Kit.Run("unpack", "acme/tiny:latest", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal(["Kitfile", "README.md", "config.json", "model.safetensors"], FilesUnder(Work.Combine("out")));
        Assert.Equal(Weights, File.ReadAllBytes(Work.Combine("out", "model.safetensors")));
        Assert.Contains("authors: [acme]", File.ReadAllText(Work.Combine("out", "Kitfile")), StringComparison.Ordinal);

        using var provenance = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Work.Combine("provenance.json")));
        var source = provenance.RootElement.GetProperty("buildDefinition").GetProperty("externalParameters").GetProperty("source");
        Assert.Equal(url, source.GetProperty("uri").GetString());
        Assert.Equal(commit, source.GetProperty("digest").GetProperty("gitCommit").GetString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(Kit.Home, "cache", "import")));
    }

    [GitFact]
    public async Task A_private_repository_needs_the_token_and_never_shows_it()
    {
        const string token = "git-secret-token";
        var root = Work.Combine("served");
        Directory.CreateDirectory(root);
        await using var server = new GitHttpServer(root) { RequiredPassword = token };
        CreateRepository(server, root);
        var url = $"http://127.0.0.1:{server.Port}/acme/tiny.git";

        var denied = Kit.Run("import", url, "--tool", "git", "-t", "tiny:1").ShouldFail();
        Assert.StartsWith("[ERROR] git clone failed: ", denied.SingleErrorLine(), StringComparison.Ordinal);

        var result = Kit.Run("import", url, "--tool", "git", "-t", "tiny:1", "--token", token).ShouldSucceed();
        Assert.DoesNotContain(token, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Kit.Run("unpack", "tiny:1", "-d", Work.Combine("out"), "--filter", "model").ShouldSucceed();
        Assert.Equal(Weights, File.ReadAllBytes(Work.Combine("out", "model.safetensors")));
    }
}
