using System.Text;
using Kit.Oci.Layout;
using Kit.Oci.Serialization;

namespace Kit.Oci.Tests.Layout;

/// <summary>Resolving one name by a scan of index.json gives what resolving it in the parsed index gives.</summary>
public class IndexLookupTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Descriptor Manifest(int i) => new(MediaTypes.ImageManifest, Digest.Compute(BitConverter.GetBytes(i)), 100 + i);

    [Fact]
    public async Task Every_name_resolves_by_scan_as_in_the_parsed_index()
    {
        var writer = new OciLayoutStore(_dir.Path);
        await writer.UpdateIndexAsync(index =>
        {
            for (var i = 0; i < 40; i++)
            {
                index = IndexEdits.Tag(index, $"localhost/repo{i % 7}", Manifest(i % 13), [$"t{i}", $"v{i % 5}"]);
                if (i % 9 == 0) index = IndexEdits.Tag(index, $"localhost/loose{i}", Manifest(i % 13), []);
            }
            // A foreign entry (skopeo's bare tag) and a name with characters JSON escapes.
            index = index with { Manifests = [.. index.Manifests, Manifest(99) with { Annotations = new Dictionary<string, string> { [OciAnnotations.RefName] = "v1" } }] };
            return IndexEdits.Tag(index, "localhost/a&b", Manifest(98), ["x"]);
        });
        Assert.Contains("\\u0026", File.ReadAllText(Path.Combine(_dir.Path, "index.json")), StringComparison.Ordinal);

        var parsed = await new OciLayoutStore(_dir.Path).ReadIndexAsync();
        var names = new List<(string Repository, string TagOrDigest)> { ("localhost/a&b", "x"), ("localhost/repo1", "nope"), ("localhost/none", "t1"), ("", "v1") };
        for (var r = 0; r < 7; r++)
        {
            for (var i = 0; i < 40; i++) names.Add(($"localhost/repo{r}", $"t{i}"));
            for (var v = 0; v < 5; v++) names.Add(($"localhost/repo{r}", $"v{v}"));
            for (var m = 0; m < 14; m++) names.Add(($"localhost/repo{r}", Manifest(m).Digest.ToString()));
        }
        for (var i = 0; i < 40; i += 9) names.Add(($"localhost/loose{i}", Manifest(i % 13).Digest.ToString()));

        foreach (var (repository, tagOrDigest) in names)
        {
            // A fresh store each time: nothing parsed before, so the scan is what answers.
            var scanned = IndexEdits.Resolve(new OciLayoutStore(_dir.Path), repository, tagOrDigest);
            Assert.Equal(IndexEdits.Resolve(parsed, repository, tagOrDigest), scanned);
        }
    }

    [Fact]
    public void A_candidate_the_caller_refuses_is_passed_over_and_malformed_json_is_an_error()
    {
        var digest = Manifest(1).Digest;
        var json = Encoding.UTF8.GetBytes(
            "{\"schemaVersion\":2,\"manifests\":[" +
            $"{{\"mediaType\":\"{MediaTypes.ImageManifest}\",\"digest\":\"{digest}\",\"size\":1,\"annotations\":{{\"ml.kitops.kit.repository\":\"localhost/a\"}}}}," +
            $"{{\"digest\":\"{digest}\",\"size\":2,\"mediaType\":\"{MediaTypes.ImageManifest}\",\"annotations\":{{\"ml.kitops.kit.repository\":\"localhost/b\"}}}}]}}");
        var found = ImageIndexReader.FindFirst(json, [], Encoding.UTF8.GetBytes(digest.ToString()), e => e.Size == 2);
        Assert.Equal(2, found!.Size);
        Assert.Null(ImageIndexReader.FindFirst(json, "localhost/a:x"u8, [], _ => true));
        Assert.Throws<FormatException>(() => ImageIndexReader.FindFirst(json.AsSpan(0, json.Length - 3), [], "x"u8, _ => true));
    }
}
