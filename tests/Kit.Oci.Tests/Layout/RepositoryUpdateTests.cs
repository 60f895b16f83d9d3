using System.Text;
using Kit.Oci.Layout;

namespace Kit.Oci.Tests.Layout;

/// <summary>
/// <see cref="OciLayoutStore.UpdateRepositoriesAsync"/>: an edit of a few repositories splices index.json instead of
/// rewriting it, and must leave the same names as the same edit of the whole index.
/// </summary>
public class RepositoryUpdateTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Descriptor Manifest(int i) => new(MediaTypes.ImageManifest, Digest.Compute(BitConverter.GetBytes(i)), 100 + i);

    private OciLayoutStore NewStore(string name) => new(Path.Combine(_dir.Path, name));

    private static string IndexText(OciLayoutStore store) =>
        File.Exists(Path.Combine(store.Root, "index.json")) ? File.ReadAllText(Path.Combine(store.Root, "index.json")) : "";

    /// <summary>Both ways of editing: the whole index, or only the repositories the edit names.</summary>
    private static Task Edit(OciLayoutStore store, bool spliced, string[] repositories, Func<ImageIndex, ImageIndex> change) =>
        spliced ? store.UpdateRepositoriesAsync(repositories, change) : store.UpdateIndexAsync(change);

    [Fact]
    public async Task Other_entries_keep_their_bytes_including_fields_descriptors_do_not_model()
    {
        var store = NewStore("s");
        Directory.CreateDirectory(store.Root);
        // As another tool may write it: indented, a platform on a foreign entry, no index mediaType.
        var foreign = $$$"""
            {
              "schemaVersion": 2,
              "manifests": [
                {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{Manifest(1).Digest}}}","size":101,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"org.opencontainers.image.ref.name":"v1"}},
                {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{Manifest(2).Digest}}}","size":102,"annotations":{"org.opencontainers.image.ref.name":"localhost/a/b:old"}}
              ],
              "annotations": {"x": "y"}
            }
            """;
        File.WriteAllText(Path.Combine(store.Root, "index.json"), foreign);

        await store.UpdateRepositoriesAsync(["localhost/c/d"], i => IndexEdits.Tag(i, "localhost/c/d", Manifest(3), ["v2"]));

        var text = IndexText(store);
        Assert.Contains("""{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%d","size":101,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"org.opencontainers.image.ref.name":"v1"}}""".Replace("%d", Manifest(1).Digest.ToString(), StringComparison.Ordinal), text, StringComparison.Ordinal);
        Assert.StartsWith("{\n  \"schemaVersion\": 2,\n  \"manifests\": [", text, StringComparison.Ordinal);
        Assert.EndsWith("\"annotations\": {\"x\": \"y\"}\n}", text, StringComparison.Ordinal);
        var index = ImageIndex.Parse(Encoding.UTF8.GetBytes(text));
        Assert.Equal([Manifest(1).Digest, Manifest(2).Digest, Manifest(3).Digest], index.Manifests.Select(m => m.Digest));
        Assert.Equal("localhost/c/d:v2", index.Manifests[2].Annotations![OciAnnotations.RefName]);
        Assert.Equal("y", index.Annotations!["x"]);
    }

    [Fact]
    public async Task Dropping_an_entry_splices_it_out_wherever_it_is()
    {
        var store = NewStore("s");
        for (var i = 0; i < 5; i++)
            await store.UpdateIndexAsync(x => IndexEdits.Tag(x, "localhost/r" + i, Manifest(i), ["t"]));
        foreach (var victim in new[] { 0, 4, 2 })
        {
            await store.UpdateRepositoriesAsync(["localhost/r" + victim], x => IndexEdits.Remove(x, "localhost/r" + victim, Manifest(victim).Digest, out _));
        }
        var left = (await store.ReadIndexAsync()).Manifests;
        Assert.Equal([Manifest(1).Digest, Manifest(3).Digest], left.Select(m => m.Digest));
        await store.UpdateRepositoriesAsync(["localhost/r1", "localhost/r3"], x =>
            IndexEdits.Remove(IndexEdits.Remove(x, "localhost/r1", Manifest(1).Digest, out _), "localhost/r3", Manifest(3).Digest, out _));
        Assert.Empty((await store.ReadIndexAsync()).Manifests);
        Assert.Contains("\"manifests\":[]", IndexText(store), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dropping_thousands_of_scattered_entries_writes_every_other_one()
    {
        // Entries of two repositories alternate: dropping one repository leaves 1,500 runs to copy, more pieces than one
        // vectored write takes on Linux (1,024).
        var store = NewStore("s");
        await store.UpdateIndexAsync(x => new ImageIndex([.. Enumerable.Range(0, 3000).Select(i =>
            Manifest(i) with { Annotations = new Dictionary<string, string> { [OciAnnotations.RefName] = $"localhost/{(i % 2 == 0 ? "a" : "b")}:t{i}" } })]));

        await store.UpdateRepositoriesAsync(["localhost/a"], x => x with { Manifests = [] });

        var left = (await store.ReadIndexAsync()).Manifests;
        Assert.Equal(Enumerable.Range(0, 3000).Where(i => i % 2 == 1).Select(i => Manifest(i).Digest), left.Select(m => m.Digest));
    }

    [Fact]
    public async Task A_manifest_another_repository_still_names_is_not_released()
    {
        var store = NewStore("s");
        var manifest = await PutManifestAsync(store);
        await store.UpdateIndexAsync(x => IndexEdits.Tag(IndexEdits.Tag(x, "localhost/a", manifest, ["t"]), "localhost/b", manifest, ["t"]));

        await store.UpdateRepositoriesAsync(["localhost/a"], x => IndexEdits.Remove(x, "localhost/a", manifest.Digest, out _));
        await store.CollectReleasedAsync();
        Assert.True(store.Exists(manifest.Digest));

        await store.UpdateRepositoriesAsync(["localhost/b"], x => IndexEdits.Remove(x, "localhost/b", manifest.Digest, out _));
        await store.CollectReleasedAsync();
        Assert.False(store.Exists(manifest.Digest));
    }

    [Fact]
    public async Task An_edit_that_strays_into_another_repository_is_refused_and_writes_nothing()
    {
        var store = NewStore("s");
        await store.UpdateIndexAsync(x => IndexEdits.Tag(x, "localhost/a", Manifest(1), ["t"]));
        var before = IndexText(store);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.UpdateRepositoriesAsync(["localhost/a"], x => IndexEdits.Tag(x, "localhost/b", Manifest(2), ["t"])));
        Assert.Contains("localhost/a", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, IndexText(store));
    }

    [Fact]
    public async Task A_store_without_index_or_manifests_array_is_edited_whole()
    {
        var empty = NewStore("empty");
        await empty.UpdateRepositoriesAsync(["localhost/a"], x => IndexEdits.Tag(x, "localhost/a", Manifest(1), ["t"]));
        Assert.Single((await empty.ReadIndexAsync()).Manifests);

        var bare = NewStore("bare");
        Directory.CreateDirectory(bare.Root);
        File.WriteAllText(Path.Combine(bare.Root, "index.json"), """{"schemaVersion":2}""");
        await bare.UpdateRepositoriesAsync(["localhost/a"], x => IndexEdits.Tag(x, "localhost/a", Manifest(1), ["t"]));
        Assert.Single((await bare.ReadIndexAsync()).Manifests);
        Assert.Contains("\"manifests\":[{", IndexText(bare), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_index_is_reported_not_spliced()
    {
        var store = NewStore("s");
        Directory.CreateDirectory(store.Root);
        File.WriteAllText(Path.Combine(store.Root, "index.json"), """{"schemaVersion":2,"manifests":[{"digest":"sha256:""");
        var e = await Assert.ThrowsAsync<InvalidDataException>(() =>
            store.UpdateRepositoriesAsync(["localhost/a"], x => IndexEdits.Tag(x, "localhost/a", Manifest(1), ["t"])));
        Assert.Contains("index.json is corrupt", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_edits_give_the_same_index_json_spliced_as_whole(int seed)
    {
        var whole = NewStore("whole");
        var spliced = NewStore("spliced");
        var random = new Random(seed);
        for (var step = 0; step < 200; step++)
        {
            var repository = "localhost/r" + random.Next(4);
            var manifest = Manifest(random.Next(6));
            var tag = "t" + random.Next(3);
            var reference = random.Next(2) == 0 ? tag : manifest.Digest.ToString();
            Func<ImageIndex, ImageIndex> change = random.Next(4) switch
            {
                0 => x => IndexEdits.Tag(x, repository, manifest, [tag]),
                1 => x => IndexEdits.Tag(x, repository, manifest, []),
                2 => x => IndexEdits.Untag(x, repository, tag, out _),
                _ => x => IndexEdits.RemoveReference(x, repository, reference, force: false, out _, out _),
            };
            await Edit(whole, false, [repository], change);
            await Edit(spliced, true, [repository], change);
            Assert.Equal(Names(await whole.ReadIndexAsync()), Names(await spliced.ReadIndexAsync()));
            // Our own entries are written compactly both ways, so the files are the same byte for byte.
            Assert.Equal(IndexText(whole), IndexText(spliced));
        }
    }

    private static List<string> Names(ImageIndex index) =>
        [.. IndexEdits.List(index).SelectMany(m => m.Tags.Count == 0 ? [$"{m.Repository}@{m.Descriptor.Digest}"] : m.Tags.Select(t => $"{m.Repository}:{t}@{m.Descriptor.Digest}")).Order(StringComparer.Ordinal)];

    private static Task<Descriptor> PutManifestAsync(OciLayoutStore store) =>
        store.PutBytesAsync(MediaTypes.ImageManifest, Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/json","digest":"{{Digest.Compute("{}"u8)}}","size":2},"layers":[]}"""));
}
