using System.Security.Cryptography;
using System.Text;
using Kit.Core.HuggingFace;

namespace Kit.Core.Importing;

/// <summary>
/// A repository read with git (<c>kit import --tool git</c>): a shallow clone without Git LFS content, so that only the
/// large files the Kitfile packs are then pulled (<c>git lfs pull</c>, which checks each object's sha256). The git
/// metadata is removed before packing.
/// </summary>
internal sealed class GitSnapshot : IRepositorySnapshot
{
    private const string LfsPointerStart = "version https://git-lfs.github.com/spec/v1";
    private readonly GitCommand _git;
    private readonly string _directory;
    private readonly HashSet<string> _lfsPaths;

    private GitSnapshot(GitCommand git, string directory, string sourceUri, string commit, (string, string) names, IReadOnlyList<HubFile> files,
        HashSet<string> lfsPaths)
    {
        (_git, _directory, SourceUri, Commit, Names, Files, _lfsPaths) = (git, directory, sourceUri, commit, names, files, lfsPaths);
    }

    public string SourceUri { get; }

    public string Commit { get; }

    public (string Name, string Owner) Names { get; }

    public IReadOnlyList<HubFile> Files { get; }

    /// <param name="url">The repository's URL (may hold credentials, which are never printed).</param>
    /// <param name="revision">A branch or tag; <c>main</c> clones the default branch.</param>
    /// <param name="token">Sent as the password when the server asks; null: nothing is sent and git never prompts.</param>
    /// <param name="cache">The import cache; the clone goes to a directory of it named after the URL.</param>
    /// <param name="observer">Receives the "Cloning repository" line.</param>
    /// <param name="cancellationToken">Stops git.</param>
    public static async Task<(GitSnapshot Snapshot, string Directory)> OpenAsync(Uri url, string revision, string? token, string cache,
        IImportObserver observer, CancellationToken cancellationToken)
    {
        var shown = WithoutCredentials(url);
        var git = new GitCommand(Environment(token), text => text.Replace(url.OriginalString, shown, StringComparison.Ordinal));
        await git.RunAsync(null, ["lfs", "version"], cancellationToken).ConfigureAwait(false);

        var directory = Path.Combine(cache, "git--" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shown)))[..16]);
        // A clone cannot be resumed: an interrupted one starts over.
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(cache);
        observer.Info($"Cloning repository {shown}");
        List<string> clone = ["clone", "--depth", "1"];
        if (revision != "main") clone.AddRange(["--branch", revision, "-c", "advice.detachedHead=false"]);
        clone.AddRange([url.OriginalString, directory]);
        await git.RunAsync(null, clone, cancellationToken).ConfigureAwait(false);

        var commit = (await git.RunAsync(directory, ["rev-parse", "HEAD"], cancellationToken).ConfigureAwait(false)).Trim();
        var (files, lfs) = await ListAsync(git, directory, cancellationToken).ConfigureAwait(false);
        var segments = url.AbsolutePath.Trim('/').Split('/');
        var names = (segments[^1].EndsWith(".git", StringComparison.Ordinal) ? segments[^1][..^4] : segments[^1], segments.Length > 1 ? segments[^2] : "");
        return (new GitSnapshot(git, directory, shown, commit, names, files, lfs), directory);
    }

    public async Task<string> ReadTextAsync(HubFile file, CancellationToken cancellationToken)
    {
        if (_lfsPaths.Contains(file.Path)) await PullAsync([file.Path], cancellationToken).ConfigureAwait(false);
        return await File.ReadAllTextAsync(Path.Combine(_directory, file.Path), cancellationToken).ConfigureAwait(false);
    }

    public async Task FetchAsync(IReadOnlyList<HubFile> files, IImportObserver observer, CancellationToken cancellationToken)
    {
        var large = files.Where(f => _lfsPaths.Contains(f.Path)).Select(f => f.Path).ToList();
        if (large.Count > 0)
        {
            observer.Info("Pulling large files");
            await PullAsync(large, cancellationToken).ConfigureAwait(false);
        }
        Directory.Delete(Path.Combine(_directory, ".git"), recursive: true);
    }

    private async Task PullAsync(List<string> paths, CancellationToken cancellationToken)
    {
        // git lfs takes the paths as patterns: a path that would read as a pattern (or holds the list separator) is not
        // passed, and everything is pulled instead.
        var literal = paths.All(p => p.IndexOfAny([',', '*', '?', '[', ']', '\\', '!', '#']) < 0);
        List<string> pull = ["lfs", "pull"];
        if (literal && paths.Count < _lfsPaths.Count) pull.AddRange(["--include", string.Join(',', paths)]);
        await _git.RunAsync(_directory, pull, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every tracked file; a Git LFS pointer stands for its object (size and sha256 from the pointer).</summary>
    private static async Task<(List<HubFile>, HashSet<string>)> ListAsync(GitCommand git, string directory, CancellationToken cancellationToken)
    {
        var files = new List<HubFile>();
        var lfs = new HashSet<string>(StringComparer.Ordinal);
        var listing = await git.RunAsync(directory, ["ls-files", "-z"], cancellationToken).ConfigureAwait(false);
        foreach (var path in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var full = Path.Combine(directory, path);
            var info = new FileInfo(full);
            if (!info.Exists) continue; // a submodule or a symlink to a directory
            if (HuggingFaceHub.GitFiles.Contains(info.Name)) continue;
            if (info.Length < 1024 && ParsePointer(await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false)) is { } pointer)
            {
                files.Add(new HubFile(path, pointer.Size, Sha256: pointer.Oid));
                lfs.Add(path);
            }
            else
            {
                files.Add(new HubFile(path, info.Length));
            }
        }
        return (files, lfs);
    }

    private static (string Oid, long Size)? ParsePointer(string text)
    {
        if (!text.StartsWith(LfsPointerStart, StringComparison.Ordinal)) return null;
        string? oid = null;
        long? size = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("oid sha256:", StringComparison.Ordinal)) oid = line["oid sha256:".Length..].Trim();
            else if (line.StartsWith("size ", StringComparison.Ordinal) && long.TryParse(line[5..], out var n)) size = n;
        }
        return oid is not null && size is not null ? (oid, size.Value) : null;
    }

    /// <summary>
    /// No terminal prompts; LFS content is left for <see cref="PullAsync"/>. A token reaches git through a credential helper
    /// that reads it from the environment, never from the command line.
    /// </summary>
    private static Dictionary<string, string> Environment(string? token)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_LFS_SKIP_SMUDGE"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
        };
        if (token is null)
        {
            environment["GIT_ASKPASS"] = "true";
        }
        else
        {
            environment["KIT_IMPORT_TOKEN"] = token;
            environment["GIT_CONFIG_COUNT"] = "2";
            environment["GIT_CONFIG_KEY_0"] = "credential.username";
            environment["GIT_CONFIG_VALUE_0"] = "token";
            environment["GIT_CONFIG_KEY_1"] = "credential.helper";
            environment["GIT_CONFIG_VALUE_1"] = "!f() { echo \"password=$KIT_IMPORT_TOKEN\"; }; f";
        }
        return environment;
    }

    private static string WithoutCredentials(Uri url) =>
        url.UserInfo.Length == 0 ? url.OriginalString : new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString();
}
