using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>Every bad input: exit code 1, one [ERROR] line naming the thing and the cause, nothing lost.</summary>
public sealed class ErrorTests : KitTestBase
{
    private string ValidKit()
    {
        Work.WriteFile("ok/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m\n");
        Work.WriteFile("ok/m/w.bin", "w");
        return Pack(Work.Combine("ok"), "-t", "keep:1");
    }

    private void AssertStoreUnchanged(string digest)
    {
        Assert.Equal([("keep", "1", digest)], ListRows());
        AssertBlobsIntact();
        var ingest = Path.Combine(Kit.Storage, "ingest");
        Assert.True(!Directory.Exists(ingest) || Directory.GetFiles(ingest).Length == 0, "temp files left in ingest/");
    }

    private string PackError(string kitfile, string tag = "bad:1")
    {
        Work.WriteFile("bad/Kitfile", kitfile);
        Directory.CreateDirectory(Work.Combine("bad", "m"));
        return Kit.Run("pack", Work.Combine("bad"), "-t", tag).ShouldFail().SingleErrorLine();
    }

    [Fact]
    public void Unknown_kitfile_field_names_line_and_column()
    {
        var d = ValidKit();
        var line = PackError("manifestVersion: 1.0.0\nmodel:\n  path: m\n  weights: x\n");
        Assert.Contains("weights", line, StringComparison.Ordinal);
        Assert.Contains("line 4", line, StringComparison.Ordinal);
        Assert.Contains("column 3", line, StringComparison.Ordinal);
        AssertStoreUnchanged(d);
    }

    [Fact]
    public void Malformed_yaml_is_reported()
    {
        var d = ValidKit();
        var line = PackError("manifestVersion: 1.0.0\nmodel: [unclosed\n");
        Assert.Contains("Kitfile", line, StringComparison.Ordinal);
        AssertStoreUnchanged(d);
    }

    [Fact]
    public void Digest_fields_are_rejected_in_a_kitfile()
    {
        ValidKit();
        Assert.Contains("digest", PackError("manifestVersion: 1.0.0\nmodel:\n  path: m\n  digest: sha256:00\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_layer_path_leaves_no_blob_behind()
    {
        var d = ValidKit();
        var blobs = BlobCount();
        Work.WriteFile("bad/m/w.bin", "w");
        var line = PackError("manifestVersion: 1.0.0\nmodel:\n  path: m\ndatasets:\n  - name: d\n    path: nowhere.csv\n");
        Assert.Contains("nowhere.csv", line, StringComparison.Ordinal);
        Assert.Contains("does not exist", line, StringComparison.Ordinal);
        AssertStoreUnchanged(d);
        Assert.Equal(blobs, BlobCount());
    }

    [Fact]
    public void Layer_path_outside_the_context_is_an_error()
    {
        ValidKit();
        Work.WriteFile("bad/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: ../outside\n");
        var result = Kit.Run("pack", Work.Combine("bad"), "-t", "bad:1").ShouldFail();
        Assert.Contains("paths outside the context directory are not supported in a Kitfile (path ../outside in model )", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_problems_are_listed()
    {
        ValidKit();
        var result = Kit.Run("pack", Work.Combine("ok"), "-f", "-", "-t", "x:1");
        Assert.Equal(1, result.ExitCode);
        Work.WriteFile("dup/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m\ncode:\n  - path: ./m\n");
        Directory.CreateDirectory(Work.Combine("dup", "m"));
        var dup = Kit.Run("pack", Work.Combine("dup")).ShouldFail();
        Assert.Contains("use the same path", dup.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_kitfile_and_missing_context()
    {
        Directory.CreateDirectory(Work.Combine("empty"));
        Assert.Contains("No Kitfile found", Kit.Run("pack", Work.Combine("empty")).ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("nope", Kit.Run("pack", Work.Combine("nope")).ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Upper:1", "lowercase")]
    [InlineData("a:b:c", "invalid")]
    [InlineData("repo:-bad", "tag")]
    [InlineData("repo:1,bad tag", "tag")]
    public void Bad_references_are_rejected(string reference, string expected)
    {
        var d = ValidKit();
        var line = Kit.Run("pack", Work.Combine("ok"), "-t", reference).ShouldFail().SingleErrorLine();
        Assert.Contains(expected, line, StringComparison.OrdinalIgnoreCase);
        AssertStoreUnchanged(d);
    }

    [Fact]
    public void Unknown_filter_and_unknown_compression()
    {
        ValidKit();
        Assert.Contains("invalid filter type", Kit.Run("unpack", "keep:1", "-d", Work.Combine("o"), "--filter", "weights").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("invalid compression type", Kit.Run("pack", Work.Combine("ok"), "--compression", "brotli").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_not_found_for_each_reading_command()
    {
        ValidKit();
        foreach (var args in new[] { new[] { "unpack", "missing:1", "-d", Work.Combine("o") }, ["inspect", "missing:1"], ["info", "missing:1"], ["tag", "missing:1", "other:1"], ["remove", "missing:1"] })
        {
            var line = Kit.Run(args).ShouldFail().SingleErrorLine();
            Assert.Contains("missing", line, StringComparison.Ordinal);
            Assert.Contains("not found", line, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Unknown_info_filter()
    {
        ValidKit();
        Assert.Contains(".nothing", Kit.Run("info", "keep:1", "--filter", ".nothing").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_blob_is_detected_on_unpack()
    {
        var d = ValidKit();
        using var inspect = System.Text.Json.JsonDocument.Parse(Kit.Run("inspect", "keep:1").ShouldSucceed().Stdout);
        var layer = inspect.RootElement.GetProperty("manifest").GetProperty("layers")[0].GetProperty("digest").GetString()!;
        var path = Path.Combine(BlobsDir, layer["sha256:".Length..]);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var bytes = File.ReadAllBytes(path);
        bytes[600] ^= 0xff;   // inside the file data of the first entry after the directory header
        File.WriteAllBytes(path, bytes);

        var line = Kit.Run("unpack", "keep:1", "-d", Work.Combine("o")).ShouldFail().SingleErrorLine();
        Assert.Contains(layer, line, StringComparison.Ordinal);
        Assert.Contains("corrupt", line, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([("keep", "1", d)], ListRows());
    }
}
