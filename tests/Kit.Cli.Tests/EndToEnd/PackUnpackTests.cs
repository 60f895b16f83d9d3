using System.Text.Json;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

public sealed class PackUnpackTests : KitTestBase
{
    [Fact]
    public void Example_packs_lists_and_unpacks_everything_but_ignored_files()
    {
        var digest = Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", "sentiment:0.1.0");

        var rows = ListRows();
        Assert.Contains(("sentiment", "0.1.0", digest), rows);

        var outDir = Work.Combine("out");
        Kit.Run("unpack", "sentiment:0.1.0", "-d", outDir).ShouldSucceed();
        var expected = FilesUnder(Path.Combine(RepoPaths.Examples, "sentiment"))
            .Where(f => f is not ".kitignore" && !f.EndsWith(".tmp", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected, FilesUnder(outDir));
        foreach (var f in expected.Where(f => f != "Kitfile"))
            Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Examples, "sentiment", f)), File.ReadAllBytes(Path.Combine(outDir, f)));
    }

    [Fact]
    public void A_repack_reads_only_changed_layers_unless_reread_is_given()
    {
        Work.WriteFile("ctx/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: model\ncode:\n  - path: src\n");
        Work.WriteFile("ctx/model/weights.bin", new string('w', 100_000));
        Work.WriteFile("ctx/src/main.py", "print(1)");
        // Files changed within a few milliseconds of a pack's read are never trusted unread; these are older.
        Thread.Sleep(120);
        // A fixed creation time, so that re-packs of the same files give the same manifest digest.
        var epoch = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" };
        var first = Kit.RunWithEnvironment(epoch, "pack", Work.Combine("ctx"), "-t", "incr:1", "-v").ShouldSucceed();
        Assert.Contains("Packing model model (100000 bytes)", first.Stderr, StringComparison.Ordinal);

        var again = Kit.RunWithEnvironment(epoch, "pack", Work.Combine("ctx"), "-t", "incr:1", "-v").ShouldSucceed();
        Assert.DoesNotContain("Packing ", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, again.Stdout);

        var reread = Kit.RunWithEnvironment(epoch, "pack", Work.Combine("ctx"), "-t", "incr:1", "-v", "--reread").ShouldSucceed();
        Assert.Contains("Packing model model (100000 bytes)", reread.Stderr, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, reread.Stdout);
    }

    [Fact]
    public void Source_date_epoch_sets_the_creation_time_and_a_bad_one_is_one_error_line()
    {
        Work.WriteFile("ctx/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m\n");
        Work.WriteFile("ctx/m/w.bin", "w");
        Kit.RunWithEnvironment(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" }, "pack", Work.Combine("ctx"), "-t", "epoch:1")
            .ShouldSucceed();
        using var doc = JsonDocument.Parse(Kit.Run("inspect", "epoch:1").ShouldSucceed().Stdout);
        Assert.Equal("2023-11-14T22:13:20Z",
            doc.RootElement.GetProperty("manifest").GetProperty("annotations").GetProperty("org.opencontainers.image.created").GetString());

        var bad = Kit.RunWithEnvironment(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "yesterday" }, "pack", Work.Combine("ctx"), "-t", "epoch:2");
        Assert.Contains("invalid SOURCE_DATE_EPOCH \"yesterday\"", bad.ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Intersecting_layers_put_every_file_in_exactly_one_layer_and_kitignore_applies_inside_each()
    {
        Work.WriteFile("ctx/Kitfile", """
            manifestVersion: 1.0.0
            model:
              name: m
              path: main-dir
            datasets:
              - name: d
                path: main-dir/subdir
            code:
              - path: .
            """);
        Work.WriteFile("ctx/.kitignore", "main-dir/ignored.bin\nmain-dir/subdir/*.log\n**/*.tmp\n");
        Work.WriteFile("ctx/main-dir/weights.bin", "weights");
        Work.WriteFile("ctx/main-dir/ignored.bin", "nope");
        Work.WriteFile("ctx/main-dir/subdir/data.csv", "a,b");
        Work.WriteFile("ctx/main-dir/subdir/debug.log", "nope");
        Work.WriteFile("ctx/modelcard.md", "card");          // a prefix of no layer path: stays in the code layer
        Work.WriteFile("ctx/main-dir-v2/notes.txt", "v2");   // shares a string prefix with main-dir only
        Work.WriteFile("ctx/src/a.py", "print(1)");
        Work.WriteFile("ctx/src/cache.tmp", "nope");
        Pack(Work.Combine("ctx"), "-t", "nested:v1");

        var all = Work.Combine("all");
        Kit.Run("unpack", "nested:v1", "-d", all).ShouldSucceed();
        Assert.Equal(
            ["Kitfile", "main-dir-v2/notes.txt", "main-dir/subdir/data.csv", "main-dir/weights.bin", "modelcard.md", "src/a.py"],
            FilesUnder(all));

        var codeOnly = Work.Combine("code");
        Kit.Run("unpack", "nested:v1", "-d", codeOnly, "--filter", "code").ShouldSucceed();
        Assert.Equal(["main-dir-v2/notes.txt", "modelcard.md", "src/a.py"], FilesUnder(codeOnly));

        var datasetOnly = Work.Combine("dataset");
        Kit.Run("unpack", "nested:v1", "-d", datasetOnly, "--filter", "datasets:d").ShouldSucceed();
        Assert.Equal(["main-dir/subdir/data.csv"], FilesUnder(datasetOnly));
    }

    [Fact]
    public void Filters_select_kitfile_model_and_deprecated_flags()
    {
        var ctx = Path.Combine(RepoPaths.Examples, "sentiment");
        Pack(ctx, "-t", "s:1");

        var kitfileOnly = Work.Combine("k");
        Kit.Run("unpack", "s:1", "-d", kitfileOnly, "-f", "kitfile").ShouldSucceed();
        Assert.Equal(["Kitfile"], FilesUnder(kitfileOnly));

        var model = Work.Combine("m");
        Kit.Run("unpack", "s:1", "-d", model, "--filter", "model").ShouldSucceed();
        Assert.Equal(["model/vocab.txt", "model/weights.bin"], FilesUnder(model));

        var twoFilters = Work.Combine("two");
        Kit.Run("unpack", "s:1", "-d", twoFilters, "--filter", "datasets:reviews", "--filter", "docs:README.md").ShouldSucceed();
        Assert.Equal(["README.md", "data/reviews.csv"], FilesUnder(twoFilters));

        var deprecated = Work.Combine("dep");
        Kit.Run("unpack", "s:1", "-d", deprecated, "--datasets", "--kitfile").ShouldSucceed();
        Assert.Equal(["Kitfile", "data/reviews.csv"], FilesUnder(deprecated));
    }

    [Fact]
    public void Unpacked_kitfile_repacks_to_the_same_config()
    {
        var ctx = Path.Combine(RepoPaths.Examples, "sentiment");
        var first = Pack(ctx, "-t", "s:1");
        var outDir = Work.Combine("out");
        Kit.Run("unpack", "s:1", "-d", outDir).ShouldSucceed();
        File.Copy(Path.Combine(ctx, ".kitignore"), Path.Combine(outDir, ".kitignore"));
        var second = Pack(outDir, "-t", "s:2");
        Assert.Equal(first, second);
    }

    [Fact]
    public void Same_input_gives_same_digests_after_touching_mtimes_and_in_another_store()
    {
        Work.WriteFile("ctx/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m\ncode:\n  - path: src\n");
        Work.WriteFile("ctx/m/w.bin", "weights", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Work.WriteFile("ctx/src/a.py", "x", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        // The manifest records its creation time, as KitOps 1.17's does: SOURCE_DATE_EPOCH makes packs reproducible.
        var epoch = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" };
        string PackIn(KitRunner kit) =>
            kit.RunWithEnvironment(epoch, "pack", Work.Combine("ctx"), "-t", "same:1").ShouldSucceed().Stdout.Trim();
        var first = PackIn(Kit);

        foreach (var f in Directory.EnumerateFileSystemEntries(Work.Combine("ctx"), "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(f, DateTime.UtcNow.AddDays(-3));
        Assert.Equal(first, PackIn(Kit));

        using var otherHome = new TempDir("kit-home2-");
        Assert.Equal(first, PackIn(new KitRunner(otherHome.Path, Sandbox.Path)));
    }

    [Fact]
    public void Gzip_layers_get_the_gzip_suffix_and_unpack()
    {
        var ctx = Path.Combine(RepoPaths.Examples, "sentiment");
        Pack(ctx, "-t", "gz:1", "--compression", "gzip");
        var inspect = Kit.Run("inspect", "gz:1").ShouldSucceed();
        Assert.Contains("application/vnd.kitops.modelkit.model.v1.tar+gzip", inspect.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("v1.tar\"", inspect.Stdout, StringComparison.Ordinal);

        var outDir = Work.Combine("out");
        Kit.Run("unpack", "gz:1", "-d", outDir).ShouldSucceed();
        Assert.Equal(File.ReadAllBytes(Path.Combine(ctx, "model/weights.bin")), File.ReadAllBytes(Path.Combine(outDir, "model/weights.bin")));

        Pack(ctx, "-t", "gzf:1", "--compression", "gzip-fastest");
        Kit.Run("unpack", "gzf:1", "-d", Work.Combine("out2")).ShouldSucceed();
        Assert.True(File.Exists(Work.Combine("out2", "data", "reviews.csv")));
    }

    [Fact]
    public void Kitfile_from_stdin_and_relative_file_flag_resolved_against_the_callers_directory()
    {
        Work.WriteFile("ctx/m/w.bin", "w");
        var kitfile = "manifestVersion: 1.0.0\npackage:\n  name: from-stdin\nmodel:\n  path: m\n";
        var viaStdin = Kit.RunIn(Work.Path, kitfile, "pack", "ctx", "-f", "-", "-t", "stdin:1").ShouldSucceed();
        Assert.Contains("Model saved:", viaStdin.Stdout, StringComparison.Ordinal);

        Work.WriteFile("kitfiles/alt.yaml", kitfile.Replace("from-stdin", "from-file", StringComparison.Ordinal));
        Kit.RunIn(Work.Path, null, "pack", "ctx", "-f", "kitfiles/alt.yaml", "-t", "file:1").ShouldSucceed();
        var info = Kit.Run("info", "file:1", "--filter", ".package.name").ShouldSucceed();
        Assert.Equal("from-file", info.Stdout.Trim());
    }

    [Fact]
    public void Symlinks_are_skipped_with_a_warning_naming_each_and_dotdot_names_are_kept()
    {
        Work.WriteFile("ctx/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m\n");
        Work.WriteFile("ctx/m/v1..2.bin", "kept");
        Work.WriteFile("ctx/m/real.bin", "real");
        File.CreateSymbolicLink(Work.Combine("ctx", "m", "link.bin"), "real.bin");
        var result = Kit.Run("pack", Work.Combine("ctx"), "-t", "links:1").ShouldSucceed();
        Assert.Contains("m/link.bin", result.Stderr, StringComparison.Ordinal);

        var outDir = Work.Combine("out");
        Kit.Run("unpack", "links:1", "-d", outDir, "--filter", "model").ShouldSucceed();
        Assert.Equal(["m/real.bin", "m/v1..2.bin"], FilesUnder(outDir));
    }

    [Fact]
    public void Existing_files_need_overwrite_or_ignore_existing()
    {
        Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", "s:1");
        var outDir = Work.Combine("out");
        Work.WriteFile("out/README.md", "local edits");

        var clash = Kit.Run("unpack", "s:1", "-d", outDir, "--filter", "docs").ShouldFail();
        Assert.Contains("README.md", clash.SingleErrorLine(), StringComparison.Ordinal);
        Assert.EndsWith("already exists (use -o/--overwrite to replace it or -i/--ignore-existing to keep it)", clash.SingleErrorLine(), StringComparison.Ordinal);
        Assert.Equal("local edits", File.ReadAllText(Path.Combine(outDir, "README.md")));

        Kit.Run("unpack", "s:1", "-d", outDir, "--filter", "docs", "-i").ShouldSucceed();
        Assert.Equal("local edits", File.ReadAllText(Path.Combine(outDir, "README.md")));
        Assert.True(File.Exists(Path.Combine(outDir, "docs", "usage.md")));

        Kit.Run("unpack", "s:1", "-d", outDir, "--filter", "docs", "-o").ShouldSucceed();
        Assert.StartsWith("# sentiment-demo", File.ReadAllText(Path.Combine(outDir, "README.md")), StringComparison.Ordinal);
    }
}
