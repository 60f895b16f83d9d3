using Kit.Core.Store.KitOps;

namespace Kit.Core.Tests.Store.KitOps;

public sealed class MirrorRecordTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "kit-mirror-" + Guid.NewGuid().ToString("N") + ".sum");

    public void Dispose() => File.Delete(_path);

    private static (string, FileStamp) Entry(int i) => (new string((char)('a' + i % 6), 64), new FileStamp(100 + i, 1000 + i));

    private static string Name(int i) => $"bmFtZ{i:D4}-tags.json";

    /// <summary>The file the record writes.</summary>
    private static byte[] Bytes(MirrorRecord record) => [.. record.ToSegments().SelectMany(s => s.ToArray())];

    [Fact]
    public void Changes_to_a_read_record_write_the_same_file_as_a_record_made_whole()
    {
        var first = new MirrorRecord { Index = new FileStamp(5, 6) };
        for (var i = 0; i < 50; i += 2)
            first.Set(Name(i), Entry(i));
        File.WriteAllBytes(_path, Bytes(first));

        var read = MirrorRecord.Load(_path)!;
        Assert.Equal(25, read.Count);
        Assert.Equal(new FileStamp(5, 6), read.Index);
        Assert.True(read.TryGet(Name(10), out var ten));
        Assert.Equal(Entry(10), ten);
        Assert.False(read.TryGet(Name(11), out _));

        // Inserted before, between and after the lines read; replaced; removed.
        var changed = read.Clone();
        changed.Set("AAAA-index.json", Entry(1));
        changed.Set(Name(11), Entry(11));
        changed.Set("zzzz-tags.json", Entry(3));
        changed.Set(Name(20), Entry(21));
        changed.Remove(Name(30));
        changed.Remove(Name(31));
        changed.Index = new FileStamp(7, 8);

        var whole = new MirrorRecord { Index = new FileStamp(7, 8) };
        for (var i = 0; i < 50; i += 2)
        {
            if (i != 30)
                whole.Set(Name(i), i == 20 ? Entry(21) : Entry(i));
        }
        whole.Set("AAAA-index.json", Entry(1));
        whole.Set(Name(11), Entry(11));
        whole.Set("zzzz-tags.json", Entry(3));

        Assert.Equal(System.Text.Encoding.ASCII.GetString(Bytes(whole)), System.Text.Encoding.ASCII.GetString(Bytes(changed)));
        Assert.Equal(27, changed.Count);
        Assert.Equal(whole.Names, changed.Names);
        // The clone is a copy: the record it came from still says what was read.
        Assert.True(read.TryGet(Name(30), out _));
        Assert.Equal(25, read.Count);

        // The header's summary is what IsStale compares a listing with: count and fingerprint of all lines.
        File.WriteAllBytes(_path, Bytes(changed));
        var summary = MirrorRecord.ReadSummary(_path)!.Value;
        Assert.Equal(27, summary.Count);
        var fingerprint = whole.Names.Aggregate(0UL, (sum, n) => sum + (whole.TryGet(n, out var e) ? MirrorRecord.EntryHash(n, e.Stamp) : 0));
        Assert.Equal(fingerprint, summary.Fingerprint);
    }

    [Theory]
    [InlineData("kit-mirror 2 2 0\n- 1 2 index.json\nff 1 2 b-tags.json\nff 1 2 a-tags.json\n")] // out of order
    [InlineData("kit-mirror 2 1 0\n- 1 2 index.json\nff 1 2 a-tags.json")] // torn: no final newline
    [InlineData("kit-mirror 2 1 0\n- 1 2 index.json\nff x 2 a-tags.json\n")] // not a number
    [InlineData("something else\n")]
    public void An_unreadable_record_is_none(string text)
    {
        File.WriteAllText(_path, text);
        Assert.Null(MirrorRecord.Load(_path));
    }
}
