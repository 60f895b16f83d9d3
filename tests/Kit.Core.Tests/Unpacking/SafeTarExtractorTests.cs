using Kit.Core.Packing;
using System.Formats.Tar;
using System.Text;
using Kit.Core.Unpacking;

namespace Kit.Core.Tests.Unpacking;

public sealed class SafeTarExtractorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kit-tar-" + Guid.NewGuid().ToString("N"));

    public SafeTarExtractorTests()
    {
        Directory.CreateDirectory(Target);
        Directory.CreateDirectory(Outside);
    }

    private string Target => Path.Combine(_root, "target");
    private string Outside => Path.Combine(_root, "outside");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<TarExtractionResult> Extract(byte[] tar, TarExtractionOptions? options = null, CancellationToken ct = default) =>
        SafeTarExtractor.ExtractAsync(new MemoryStream(tar), Target, options, ct);

    private async Task<TarExtractionException> ExtractFails(byte[] tar, TarExtractionOptions? options = null)
    {
        var ex = await Assert.ThrowsAsync<TarExtractionException>(() => Extract(tar, options));
        Assert.DoesNotContain('\n', ex.Message);
        return ex;
    }

    private static string[] AllFiles(string dir) =>
        [.. Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(dir, p)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Round_trips_files_directories_modes_and_mtimes()
    {
        var mtime = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var tar = new TarBuilder()
            .Directory("models/", (UnixFileMode)0b111_101_000)
            .File("models/m.bin", "weights", (UnixFileMode)0b110_100_000, mtime)
            .File("README.md", "hello")
            .File("a/b/c.txt", "deep")          // no ancestor entries, as in older ModelKits
            .File("./dot/x", "dot-prefixed")
            .File("empty", [])
            .ToArray();

        var result = await Extract(tar);

        Assert.Equal("weights", File.ReadAllText(Path.Combine(Target, "models/m.bin")));
        Assert.Equal("hello", File.ReadAllText(Path.Combine(Target, "README.md")));
        Assert.Equal("deep", File.ReadAllText(Path.Combine(Target, "a/b/c.txt")));
        Assert.Equal("dot-prefixed", File.ReadAllText(Path.Combine(Target, "dot/x")));
        Assert.Equal(0, new FileInfo(Path.Combine(Target, "empty")).Length);
        Assert.Equal(5, result.FilesWritten.Count);
        Assert.Equal(Path.Combine(Target, "models", "m.bin"), result.FilesWritten[0]);
        Assert.Equal(1, result.DirectoriesCreated);
        Assert.Equal(0, result.FilesSkipped);
        Assert.Equal(mtime.UtcDateTime, File.GetLastWriteTimeUtc(Path.Combine(Target, "models/m.bin")));
        Assert.DoesNotContain(AllFiles(Target), f => f.Contains("kit-tmp", StringComparison.Ordinal));
        Assert.Equal(["README.md", "a", "a/b", "a/b/c.txt", "dot", "dot/x", "empty", "models", "models/m.bin"], AllFiles(Target));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(Path.Combine(Target, "models/m.bin")));
            Assert.Equal((UnixFileMode)0b111_101_000, File.GetUnixFileMode(Path.Combine(Target, "models")));
        }
    }

    [Fact]
    public async Task Streams_files_larger_than_the_copy_buffer_from_a_non_seekable_source()
    {
        var content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(content);
        var tar = new TarBuilder().File("big.bin", content).File("after", "x").ToArray();
        var source = new NonSeekableStream(new MemoryStream(tar));

        await SafeTarExtractor.ExtractAsync(source, Target);

        Assert.Equal(content, File.ReadAllBytes(Path.Combine(Target, "big.bin")));
        Assert.Equal("x", File.ReadAllText(Path.Combine(Target, "after")));
        Assert.Equal(tar.Length, source.BytesRead); // read to the end so a caller's digest check sees every byte
    }

    [Fact]
    public async Task Creates_missing_target_directory()
    {
        var target = Path.Combine(_root, "new", "dir");
        await SafeTarExtractor.ExtractAsync(new MemoryStream(new TarBuilder().File("f", "1").ToArray()), target);
        Assert.Equal("1", File.ReadAllText(Path.Combine(target, "f")));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("/abs")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../x")]
    [InlineData("a/../b")]
    [InlineData("..")]
    [InlineData("./../x")]
    [InlineData("a/b/..")]
    [InlineData(".")]
    public async Task Refuses_paths_outside_target(string name)
    {
        var tar = new TarBuilder().File(name, "bad").ToArray();
        var ex = await ExtractFails(tar);
        Assert.Equal(TarExtractionError.IllegalPath, ex.Error);
        Assert.Equal($"illegal file path {name}: outside target directory", ex.Message);
        Assert.Equal(["outside", "target"], AllFiles(_root));
        Assert.Empty(AllFiles(Outside));
        Assert.Empty(AllFiles(Target));
    }

    [Theory]
    [InlineData("../evil/")]
    [InlineData("/abs/")]
    [InlineData("a/../../x/")]
    public async Task Refuses_directories_outside_target(string name)
    {
        var ex = await ExtractFails(new TarBuilder().Directory(name).ToArray());
        Assert.Equal(TarExtractionError.IllegalPath, ex.Error);
        Assert.False(Directory.Exists(Path.Combine(_root, "evil")));
        Assert.False(Directory.Exists(Path.Combine(_root, "x")));
    }

    [Fact]
    public void Resolve_rejects_empty_and_nul_names()
    {
        var target = new ExtractionTarget(Target);
        Assert.Throws<TarExtractionException>(() => target.Resolve(""));
        Assert.Throws<TarExtractionException>(() => target.Resolve("a\0b"));
        Assert.Equal(Path.Combine(target.Root, "a", "b"), target.Resolve("a//b/"));
    }

    [Fact]
    public async Task Refuses_symlink_entries()
    {
        var ex = await ExtractFails(new TarBuilder().File("ok", "1").SymbolicLink("link", "/etc").ToArray());
        Assert.Equal(TarExtractionError.UnsupportedEntryType, ex.Error);
        Assert.Equal("unrecognized type in archive: link", ex.Message);
        Assert.False(File.Exists(Path.Combine(Target, "link")));
    }

    [Fact]
    public async Task Refuses_hardlink_entries()
    {
        var ex = await ExtractFails(new TarBuilder().File("ok", "1").HardLink("hard", "ok").ToArray());
        Assert.Equal(TarExtractionError.UnsupportedEntryType, ex.Error);
        Assert.Equal("unrecognized type in archive: hard", ex.Message);
    }

    [Theory]
    [InlineData(TarEntryType.Fifo)]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    public async Task Refuses_special_file_entries(TarEntryType type)
    {
        var ex = await ExtractFails(new TarBuilder().Entry(new PaxTarEntry(type, "dev")).ToArray());
        Assert.Equal("unrecognized type in archive: dev", ex.Message);
    }

    [Fact]
    public async Task Refuses_to_write_through_an_existing_symlinked_directory()
    {
        Directory.CreateSymbolicLink(Path.Combine(Target, "link"), Outside);
        var ex = await ExtractFails(new TarBuilder().File("link/x.txt", "escaped").ToArray());
        Assert.Equal(TarExtractionError.IllegalPath, ex.Error);
        Assert.Equal("illegal file path link/x.txt: outside target directory", ex.Message);
        Assert.Empty(AllFiles(Outside));
    }

    [Fact]
    public async Task Refuses_to_create_directories_through_a_nested_symlink()
    {
        Directory.CreateDirectory(Path.Combine(Target, "a"));
        Directory.CreateSymbolicLink(Path.Combine(Target, "a", "b"), Outside);
        var ex = await ExtractFails(new TarBuilder().Directory("a/b/c/").ToArray());
        Assert.Equal(TarExtractionError.IllegalPath, ex.Error);
        Assert.Empty(AllFiles(Outside));
    }

    [Fact]
    public async Task Refuses_dangling_symlink_parent()
    {
        var missing = Path.Combine(Outside, "missing");
        Directory.CreateSymbolicLink(Path.Combine(Target, "d"), missing);
        var ex = await ExtractFails(new TarBuilder().File("d/x", "1").ToArray());
        Assert.Equal(TarExtractionError.IllegalPath, ex.Error);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task Symlink_at_file_path_is_never_followed()
    {
        var victim = Path.Combine(Outside, "victim");
        File.WriteAllText(victim, "original");
        File.CreateSymbolicLink(Path.Combine(Target, "f"), victim);
        var tar = new TarBuilder().File("f", "evil").ToArray();

        Assert.Equal(TarExtractionError.PathExists, (await ExtractFails(tar)).Error);
        Assert.Equal(TarExtractionError.TypeConflict, (await ExtractFails(tar, new() { Overwrite = true })).Error);
        var skipped = await Extract(tar, new() { IgnoreExisting = true });
        Assert.Equal(1, skipped.FilesSkipped);
        Assert.Equal("original", File.ReadAllText(victim));
    }

    [Fact]
    public async Task Existing_file_without_flags_fails_as_path_exists()
    {
        var path = Path.Combine(Target, "f");
        File.WriteAllText(path, "old");
        var ex = await ExtractFails(new TarBuilder().File("f", "new").ToArray());
        Assert.Equal(TarExtractionError.PathExists, ex.Error);
        Assert.StartsWith($"path '{path}' already exists", ex.Message, StringComparison.Ordinal);
        // The CLI adds the flags to try (asserted in Kit.Cli.Tests); Core names none.
        Assert.DoesNotContain("--", ex.Message, StringComparison.Ordinal);
        Assert.Equal("old", File.ReadAllText(path));
    }

    [Fact]
    public async Task Overwrite_replaces_existing_file()
    {
        var path = Path.Combine(Target, "f");
        File.WriteAllText(path, "old content that is longer");
        var result = await Extract(new TarBuilder().File("f", "new").ToArray(), new() { Overwrite = true });
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([path], result.FilesWritten);
    }

    [Fact]
    public async Task Ignore_existing_keeps_file_and_continues_with_next_entries()
    {
        var path = Path.Combine(Target, "f");
        File.WriteAllText(path, "old");
        var tar = new TarBuilder().File("f", new string('n', 5000)).File("g", "next").ToArray();
        var result = await SafeTarExtractor.ExtractAsync(new NonSeekableStream(new MemoryStream(tar)), Target,
            new TarExtractionOptions { IgnoreExisting = true, Overwrite = true });
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal("next", File.ReadAllText(Path.Combine(Target, "g")));
        Assert.Equal(1, result.FilesSkipped);
        Assert.Equal([Path.Combine(Target, "g")], result.FilesWritten);
    }

    [Fact]
    public async Task Existing_directory_is_accepted_for_directory_entry()
    {
        Directory.CreateDirectory(Path.Combine(Target, "d"));
        var result = await Extract(new TarBuilder().Directory("d/").File("d/x", "1").ToArray());
        Assert.Equal(0, result.DirectoriesCreated);
        Assert.Equal("1", File.ReadAllText(Path.Combine(Target, "d/x")));
    }

    [Fact]
    public async Task Directory_entry_over_existing_file_fails()
    {
        File.WriteAllText(Path.Combine(Target, "d"), "file");
        var ex = await ExtractFails(new TarBuilder().Directory("d/").ToArray(), new() { Overwrite = true });
        Assert.Equal(TarExtractionError.TypeConflict, ex.Error);
        Assert.Contains("is not a directory", ex.Message, StringComparison.Ordinal);
        Assert.Equal("file", File.ReadAllText(Path.Combine(Target, "d")));
    }

    [Fact]
    public async Task File_entry_over_existing_directory_fails_even_with_overwrite()
    {
        Directory.CreateDirectory(Path.Combine(Target, "d"));
        var ex = await ExtractFails(new TarBuilder().File("d", "x").ToArray(), new() { Overwrite = true });
        Assert.Equal(TarExtractionError.TypeConflict, ex.Error);
        Assert.Contains("is not a regular file", ex.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(Target, "d")));
    }

    [Fact]
    public async Task File_below_an_existing_file_fails()
    {
        File.WriteAllText(Path.Combine(Target, "f"), "file");
        var ex = await ExtractFails(new TarBuilder().File("f/x", "x").ToArray());
        Assert.Equal(TarExtractionError.TypeConflict, ex.Error);
    }

    [Fact]
    public async Task Gzip_input_is_decompressed()
    {
        var gz = TarBuilder.Gzip(new TarBuilder().File("m/w.bin", "weights").ToArray());
        await Extract(gz, new() { Compression = LayerCompression.Gzip });
        Assert.Equal("weights", File.ReadAllText(Path.Combine(Target, "m/w.bin")));
    }

    [Fact]
    public async Task Multi_member_gzip_is_accepted()
    {
        var tar = new TarBuilder().File("a", new string('a', 3000)).File("b", "bee").ToArray();
        var split = tar.Length / 3;
        byte[] gz = [.. TarBuilder.Gzip(tar[..split]), .. TarBuilder.Gzip(tar[split..])];
        await SafeTarExtractor.ExtractAsync(new NonSeekableStream(new MemoryStream(gz)), Target, new() { Compression = LayerCompression.Gzip });
        Assert.Equal(new string('a', 3000), File.ReadAllText(Path.Combine(Target, "a")));
        Assert.Equal("bee", File.ReadAllText(Path.Combine(Target, "b")));
    }

    [Fact]
    public async Task Corrupt_gzip_is_an_invalid_archive()
    {
        var ex = await ExtractFails(Encoding.ASCII.GetBytes("definitely not gzip data at all"), new() { Compression = LayerCompression.Gzip });
        Assert.Equal(TarExtractionError.InvalidArchive, ex.Error);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Truncated_archive_fails_without_half_written_file(bool nonSeekable, bool gzip)
    {
        var content = new byte[200_000];
        new Random(7).NextBytes(content);
        var tar = new TarBuilder().File("whole", "complete").File("dir/partial.bin", content).ToArray();
        var cut = tar[..(tar.Length - 150_000)];
        var input = gzip ? TarBuilder.Gzip(cut) : cut;
        Stream source = new MemoryStream(input);
        if (nonSeekable)
            source = new NonSeekableStream(source);

        var ex = await Assert.ThrowsAsync<TarExtractionException>(() =>
            SafeTarExtractor.ExtractAsync(source, Target, new() { Compression = gzip ? LayerCompression.Gzip : LayerCompression.None }));

        Assert.Equal(TarExtractionError.InvalidArchive, ex.Error);
        Assert.Equal("complete", File.ReadAllText(Path.Combine(Target, "whole")));
        Assert.False(File.Exists(Path.Combine(Target, "dir", "partial.bin")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Target, "dir")));
    }

    [Fact]
    public async Task Truncated_overwrite_keeps_the_old_file()
    {
        var path = Path.Combine(Target, "f");
        File.WriteAllText(path, "old");
        var tar = new TarBuilder().File("f", new byte[100_000]).ToArray();
        await Assert.ThrowsAsync<TarExtractionException>(() => Extract(tar[..50_000], new() { Overwrite = true }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["f"], AllFiles(Target));
    }

    [Fact]
    public async Task Cancellation_leaves_no_partial_file()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var tar = new TarBuilder().File("f", "x").ToArray();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Extract(tar, ct: cts.Token));
        Assert.Empty(AllFiles(Target));
    }

    [Fact]
    public async Task Global_pax_header_is_skipped()
    {
        var tar = new TarBuilder()
            .Entry(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = "x" }))
            .File("f", "1")
            .ToArray();
        var result = await Extract(tar);
        Assert.Single(result.FilesWritten);
    }

    [Fact]
    public async Task Long_file_names_do_not_break_the_temporary_name()
    {
        var name = new string('n', 250);
        await Extract(new TarBuilder().File(name, "x").ToArray());
        Assert.Equal("x", File.ReadAllText(Path.Combine(Target, name)));
    }

    [Fact]
    public async Task Long_pax_names_are_supported()
    {
        var name = string.Join('/', Enumerable.Repeat("segment-of-forty-characters-long-xxxxxxx", 6)) + "/file.txt";
        await Extract(new TarBuilder().File(name, "long").ToArray());
        Assert.Equal("long", File.ReadAllText(Path.Combine(Target, name)));
    }

    [Fact]
    public async Task V7_directory_marked_by_trailing_slash()
    {
        var tar = new TarBuilder(TarEntryFormat.V7)
            .Entry(new V7TarEntry(TarEntryType.Directory, "olddir/"))
            .Entry(new V7TarEntry(TarEntryType.V7RegularFile, "olddir/f") { DataStream = new MemoryStream([1, 2, 3]) })
            .ToArray();
        await Extract(tar);
        Assert.True(Directory.Exists(Path.Combine(Target, "olddir")));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(Target, "olddir/f")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Matching_digest_passes(bool gzip)
    {
        var tar = new TarBuilder().File("a", new string('a', 70_000)).ToArray();
        var blob = gzip ? TarBuilder.Gzip(tar) : tar;
        var result = await Extract(blob, new() { Compression = gzip ? LayerCompression.Gzip : LayerCompression.None, ExpectedDigest = Kit.Oci.Digest.Compute(blob) });
        Assert.Single(result.FilesWritten);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Digest_mismatch_fails_and_removes_written_files(bool gzip)
    {
        var tar = new TarBuilder().File("a", "1").File("d/b", "2").ToArray();
        var blob = gzip ? TarBuilder.Gzip(tar) : tar;
        var wrong = Kit.Oci.Digest.Compute([.. blob, 0]);
        var ex = await ExtractFails(blob, new() { Compression = gzip ? LayerCompression.Gzip : LayerCompression.None, ExpectedDigest = wrong });
        Assert.Equal(TarExtractionError.DigestMismatch, ex.Error);
        Assert.Contains($"expected {wrong}, got {Kit.Oci.Digest.Compute(blob)}", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Target, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Digest_mismatch_with_overwrite_keeps_the_users_files(bool gzip)
    {
        var path = Path.Combine(Target, "a");
        File.WriteAllText(path, "original");
        var tar = new TarBuilder().File("a", "replacement").File("d/b", "2").ToArray();
        var blob = gzip ? TarBuilder.Gzip(tar) : tar;

        var ex = await ExtractFails(blob, new() { Compression = gzip ? LayerCompression.Gzip : LayerCompression.None, Overwrite = true, ExpectedDigest = Kit.Oci.Digest.Compute([.. blob, 0]) });

        Assert.Equal(TarExtractionError.DigestMismatch, ex.Error);
        Assert.Equal("original", File.ReadAllText(path));
        Assert.Equal(["a"], Directory.EnumerateFiles(Target, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Target, f)));
    }

    [Fact]
    public async Task Verified_layer_places_staged_files_and_the_last_duplicate_wins()
    {
        var path = Path.Combine(Target, "a");
        File.WriteAllText(path, "original");
        var tar = new TarBuilder().File("a", "first").File("a", "second").File("d/b", "2").ToArray();

        var result = await Extract(tar, new() { Overwrite = true, ExpectedDigest = Kit.Oci.Digest.Compute(tar) });

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal("2", File.ReadAllText(Path.Combine(Target, "d/b")));
        Assert.Equal([path, Path.Combine(Target, "d", "b")], result.FilesWritten);
        Assert.Equal(["a", "d", "d/b"], AllFiles(Target));
    }

    [Fact]
    public async Task Staged_file_is_seen_by_later_entries_of_the_same_layer()
    {
        var duplicate = new TarBuilder().File("a", "1").File("a", "2").ToArray();
        Assert.Equal(TarExtractionError.PathExists, (await ExtractFails(duplicate, new() { ExpectedDigest = Kit.Oci.Digest.Compute(duplicate) })).Error);
        var below = new TarBuilder().File("f", "1").File("f/x", "2").ToArray();
        Assert.Equal(TarExtractionError.TypeConflict, (await ExtractFails(below, new() { ExpectedDigest = Kit.Oci.Digest.Compute(below) })).Error);
        var directory = new TarBuilder().File("g", "1").Directory("g/").ToArray();
        Assert.Equal(TarExtractionError.TypeConflict, (await ExtractFails(directory, new() { ExpectedDigest = Kit.Oci.Digest.Compute(directory) })).Error);
        Assert.Empty(Directory.EnumerateFiles(Target, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Digest_covers_bytes_after_the_tar_end()
    {
        var tar = new TarBuilder().File("a", "1").ToArray();
        byte[] blob = [.. tar, .. new byte[4096]];
        await Extract(blob, new() { ExpectedDigest = Kit.Oci.Digest.Compute(blob) });
        await ExtractFails(blob, new() { Overwrite = true, ExpectedDigest = Kit.Oci.Digest.Compute(tar) });
    }
}
