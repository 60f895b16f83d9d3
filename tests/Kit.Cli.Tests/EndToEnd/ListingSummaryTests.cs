using System.Text.Json;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>
/// kit list takes what it shows of a ModelKit listed before from <c>storage/kit-list.cache</c> instead of reading its
/// manifest and config again; the file is only a hint.
/// </summary>
public sealed class ListingSummaryTests : KitTestBase
{
    private string CachePath => Path.Combine(Kit.Storage, "kit-list.cache");

    private string Project(string name, string package)
    {
        Work.WriteFile($"{name}/Kitfile", $"manifestVersion: 1.0.0\npackage:\n  name: {package}\n  authors: [Ann Lee]\nmodel:\n  path: m.bin\n");
        Work.WriteFile($"{name}/m.bin", name);
        return Work.Combine(name);
    }

    private List<(string Name, string Author, string Digest)> Rows() =>
        [.. JsonDocument.Parse(Kit.Run("list", "--format", "json").ShouldSucceed().Stdout).RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("modelName").GetString()!, e.GetProperty("author").GetString()!, e.GetProperty("digest").GetString()!))];

    [Fact]
    public void A_second_list_reads_the_summaries_the_first_one_wrote()
    {
        var digest = Pack(Project("a", "alpha beta"), "-t", "a:1");
        Assert.Equal([("alpha beta", "Ann Lee", digest)], Rows());
        var line = File.ReadAllLines(CachePath).Single(l => l.StartsWith(digest["sha256:".Length..], StringComparison.Ordinal));
        Assert.EndsWith(" =alpha%20beta =Ann%20Lee", line, StringComparison.Ordinal);

        // What the file says is what is shown: the manifest and config are not read again.
        File.WriteAllText(CachePath, File.ReadAllText(CachePath).Replace("=alpha%20beta", "=from%20cache", StringComparison.Ordinal));
        Assert.Equal([("from cache", "Ann Lee", digest)], Rows());
        // Filters need each Kitfile, so they read the kits themselves.
        using var filtered = JsonDocument.Parse(Kit.Run("list", "--format", "json", "-f", "model").ShouldSucceed().Stdout);
        Assert.Equal("alpha beta", filtered.RootElement[0].GetProperty("modelName").GetString());
    }

    [Fact]
    public void An_unreadable_file_is_rebuilt_and_removed_kits_leave_it()
    {
        var a = Pack(Project("a", "alpha"), "-t", "a:1");
        var b = Pack(Project("b", "beta"), "-t", "b:1");
        File.WriteAllText(CachePath, "kit-list 1\nnot a line\n");
        Assert.Equal([("alpha", "Ann Lee", a), ("beta", "Ann Lee", b)], Rows());
        Assert.Equal(3, File.ReadAllLines(CachePath).Length);

        Kit.Run("remove", "b:1").ShouldSucceed();
        Assert.Equal([("alpha", "Ann Lee", a)], Rows());
        Assert.DoesNotContain(File.ReadAllLines(CachePath), l => l.StartsWith(b["sha256:".Length..], StringComparison.Ordinal));
    }

    [Fact]
    public void A_kit_whose_manifest_blob_is_gone_is_reported_not_listed_from_the_file()
    {
        var a = Pack(Project("a", "alpha"), "-t", "a:1");
        Assert.Single(Rows());
        File.Delete(Path.Combine(Kit.Storage, "blobs", "sha256", a["sha256:".Length..]));
        var list = Kit.Run("list").ShouldSucceed();
        Assert.DoesNotContain("alpha", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("damaged", list.Stderr, StringComparison.Ordinal);
    }
}
