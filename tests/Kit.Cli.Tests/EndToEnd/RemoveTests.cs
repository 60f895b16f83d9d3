using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

public sealed class RemoveTests : KitTestBase
{
    private string Context(string name, string content)
    {
        Work.WriteFile($"{name}/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m\n");
        Work.WriteFile($"{name}/m/w.bin", content);
        return Work.Combine(name);
    }

    [Fact]
    public void Removing_the_only_tag_deletes_the_manifest_and_its_unshared_blobs()
    {
        var a = Pack(Context("a", "aaa"), "-t", "r:1");
        var blobsBefore = BlobCount();
        var removed = Kit.Run("remove", "r:1").ShouldSucceed();
        Assert.Contains($"Removed r:1 (digest {a})", removed.Stdout, StringComparison.Ordinal);
        Assert.Empty(ListRows());
        Assert.Equal(0, BlobCount());
        Assert.Equal(3, blobsBefore);
    }

    [Fact]
    public void Removing_one_of_several_tags_only_untags_and_force_deletes_the_manifest()
    {
        var d = Pack(Context("a", "aaa"), "-t", "r:1,2,3");
        Assert.Equal([("r", "1", d), ("r", "2", d), ("r", "3", d)], ListRows());

        Kit.Run("remove", "r:1").ShouldSucceed();
        Assert.Equal([("r", "2", d), ("r", "3", d)], ListRows());
        Assert.Equal(3, BlobCount());

        Kit.Run("remove", "r:2", "--force").ShouldSucceed();
        Assert.Empty(ListRows());
        Assert.Equal(0, BlobCount());
    }

    [Fact]
    public void Removing_several_tags_at_once()
    {
        var d = Pack(Context("a", "aaa"), "-t", "r:1,2,3");
        Kit.Run("remove", "r:1,2").ShouldSucceed();
        Assert.Equal([("r", "3", d)], ListRows());
    }

    [Fact]
    public void Removing_by_digest_and_by_bare_digest()
    {
        var tagged = Pack(Context("a", "aaa"), "-t", "r:1,2");
        var untagged = Pack(Context("b", "bbb"));
        Assert.Contains(("", null, untagged), ListRows());

        Kit.Run("remove", "r@" + tagged).ShouldSucceed();
        Assert.DoesNotContain(ListRows(), r => r.Digest == tagged);

        Kit.Run("remove", untagged).ShouldSucceed();
        Assert.Empty(ListRows());
        Assert.Equal(0, BlobCount());
    }

    [Fact]
    public void Shared_blobs_survive_removal_of_one_user()
    {
        var ctx = Context("a", "shared");
        var d = Pack(ctx, "-t", "one:1");
        Kit.Run("tag", "one:1", "two:1").ShouldSucceed();
        Kit.Run("remove", "one:1").ShouldSucceed();
        Assert.Equal([("two", "1", d)], ListRows());
        AssertBlobsIntact();
        Kit.Run("unpack", "two:1", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal("shared", File.ReadAllText(Work.Combine("out", "m", "w.bin")));
    }

    [Fact]
    public void Remove_all_deletes_untagged_only_and_all_force_deletes_everything()
    {
        var ctx = Context("a", "v1");
        var old = Pack(ctx, "-t", "r:latest");
        File.WriteAllText(Path.Combine(ctx, "m", "w.bin"), "v2");
        var current = Pack(ctx, "-t", "r:latest");   // moves the tag; the old manifest stays untagged
        var other = Pack(Context("b", "other"), "-t", "keep:1");
        Assert.Equal([("keep", "1", other), ("r", null, old), ("r", "latest", current)], ListRows());

        Kit.Run("remove", "--all").ShouldSucceed();
        Assert.Equal([("keep", "1", other), ("r", "latest", current)], ListRows());

        var all = Kit.Run("remove", "--all", "--force").ShouldSucceed();
        Assert.Contains("Untagged", all.Stdout, StringComparison.Ordinal);
        Assert.Empty(ListRows());
        Assert.Equal(0, BlobCount());
    }

    [Fact]
    public void Argument_rules()
    {
        Assert.Contains("modelkit is required", Kit.Run("remove").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("should not be specified", Kit.Run("remove", "r:1", "--all").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("not found", Kit.Run("remove", "missing:1").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
    }
}
