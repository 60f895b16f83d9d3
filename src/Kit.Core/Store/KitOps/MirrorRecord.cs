using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kit.Core.Store.KitOps;

/// <summary>
/// What kit last wrote of KitOps's files, and the index.json it wrote with them: <c>storage/kit-mirror.sum</c>, one
/// line per file, <c>&lt;sha256&gt; &lt;size&gt; &lt;mtime ticks&gt; &lt;name&gt;</c>, sorted by name. A file whose
/// stamp differs was rewritten by someone else (KitOps); its hash then tells whether its content really changed.
/// </summary>
/// <remarks>
/// Every command asks whether anything changed, so the header carries the count and a fingerprint of all the
/// recorded names and stamps, and the index.json line comes first: the question is answered from two lines and one
/// listing of the directory, without reading the thousands of lines below. A change of a few repositories reads and
/// rewrites those lines only: the record keeps the lines as it read them (found by binary search on the sorted names)
/// with the changes beside them, and writes the untouched lines back as they were.
/// </remarks>
internal sealed class MirrorRecord
{
    public const string FileName = "kit-mirror.sum";
    private const string Header = "kit-mirror 2";
    private const string HeaderV1 = "kit-mirror 1";
    private const string IndexName = "index.json";

    /// <summary>The file lines as read (without header and index.json lines), and where each starts.</summary>
    private readonly byte[] _text;
    private readonly int[] _lines;

    /// <summary>Entries set (a value) or removed (null) since read.</summary>
    private readonly SortedDictionary<string, (string Hash, FileStamp Stamp)?> _changes = new(StringComparer.Ordinal);

    private ulong _fingerprint;

    public MirrorRecord()
        : this([], [], 0, 0)
    {
    }

    private MirrorRecord(byte[] text, int[] lines, int count, ulong fingerprint)
    {
        _text = text;
        _lines = lines;
        Count = count;
        _fingerprint = fingerprint;
    }

    public FileStamp Index { get; set; } = FileStamp.Absent;

    /// <summary>How many KitOps files are recorded.</summary>
    public int Count { get; private set; }

    public MirrorRecord Clone()
    {
        var copy = new MirrorRecord(_text, _lines, Count, _fingerprint) { Index = Index };
        foreach (var (name, entry) in _changes)
            copy._changes[name] = entry;
        return copy;
    }

    /// <summary>Every recorded file name, in order.</summary>
    public IEnumerable<string> Names
    {
        get
        {
            var names = new SortedSet<string>(_lines.Select(l => Encoding.ASCII.GetString(NameOf(Line(l)))), StringComparer.Ordinal);
            foreach (var (name, entry) in _changes)
            {
                if (entry is null)
                    names.Remove(name);
                else
                    names.Add(name);
            }
            return names;
        }
    }

    /// <summary>What is recorded of the top-level KitOps file <paramref name="name"/>.</summary>
    public bool TryGet(string name, out (string Hash, FileStamp Stamp) entry)
    {
        if (_changes.TryGetValue(name, out var changed))
        {
            entry = changed.GetValueOrDefault();
            return changed is not null;
        }
        var at = Find(name);
        if (at < 0)
        {
            entry = default;
            return false;
        }
        var line = Line(_lines[at]);
        ParseLine(line, out var hash, out var stamp, out _);
        entry = (Encoding.ASCII.GetString(hash), stamp);
        return true;
    }

    public void Set(string name, (string Hash, FileStamp Stamp) entry)
    {
        Forget(name);
        _changes[name] = entry;
        Count++;
        _fingerprint += EntryHash(name, entry.Stamp);
    }

    public void Remove(string name)
    {
        Forget(name);
        _changes[name] = null;
    }

    /// <summary>Takes what is recorded of <paramref name="name"/> out of the count and fingerprint.</summary>
    private void Forget(string name)
    {
        if (!TryGet(name, out var old))
            return;
        Count--;
        _fingerprint -= EntryHash(name, old.Stamp);
    }

    public static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Null when there is no record (never published by this kit) or it is unreadable (then everything is re-read).</summary>
    public static MirrorRecord? Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        var rest = bytes.AsSpan();
        if (!TryTakeLine(ref rest, out var header)
            || !(header.SequenceEqual(Encoding.ASCII.GetBytes(HeaderV1)) || header.StartsWith(Encoding.ASCII.GetBytes(Header + " "))))
            return null;
        var index = FileStamp.Absent;
        var lines = new List<int>();
        var (count, fingerprint) = (0, 0UL);
        var previous = (Start: 0, Length: 0);
        while (TryTakeLine(ref rest, out var line))
        {
            var start = bytes.Length - rest.Length - line.Length - 1;
            if (!ParseLine(line, out _, out var stamp, out var name))
                return null;
            if (name.SequenceEqual("index.json"u8))
            {
                index = stamp;
                continue;
            }
            // Lookups search by name: a record out of order is unreadable, as a torn one is.
            if (lines.Count > 0 && name.SequenceCompareTo(bytes.AsSpan(previous.Start, previous.Length)) <= 0)
                return null;
            previous = (start + line.Length - name.Length, name.Length);
            lines.Add(start);
            count++;
            fingerprint += EntryHash(name, stamp);
        }
        if (!rest.IsEmpty)
            return null; // no final newline: torn
        return new MirrorRecord(bytes, [.. lines], count, fingerprint) { Index = index };
    }

    /// <summary>
    /// The index.json stamp, file count and fingerprint a record holds, read from its first two lines; null when there is
    /// no record or it has none (an older record is then read whole).
    /// </summary>
    public static (FileStamp Index, int Count, ulong Fingerprint)? ReadSummary(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var header = reader.ReadLine()?.Split(' ');
            var index = reader.ReadLine()?.Split(' ', 4);
            if (header is not ["kit-mirror", "2", var count, var fingerprint] || index is not ["-", var size, var ticks, IndexName]
                || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                || !ulong.TryParse(fingerprint, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var f)
                || !long.TryParse(size, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s)
                || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
                return null;
            return (new FileStamp(s, t), n, f);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// One file's share of the fingerprint: the sum over all files does not depend on the order a directory lists them
    /// in, and a change of any name, size or time changes the sum (FNV-1a, then a 64-bit finalizer so sums do not cancel).
    /// </summary>
    public static ulong EntryHash(ReadOnlySpan<char> name, FileStamp stamp)
    {
        var h = Offset;
        foreach (var c in name) h = (h ^ c) * Prime;
        return Finish(h, stamp);
    }

    /// <summary><see cref="EntryHash(ReadOnlySpan{char}, FileStamp)"/> of an ASCII name given as bytes (repository file names are ASCII).</summary>
    private static ulong EntryHash(ReadOnlySpan<byte> name, FileStamp stamp)
    {
        var h = Offset;
        foreach (var c in name) h = (h ^ c) * Prime;
        return Finish(h, stamp);
    }

    private const ulong Prime = 0x100000001b3;
    private const ulong Offset = 0xcbf29ce484222325;

    private static ulong Finish(ulong h, FileStamp stamp)
    {
        h = (h ^ (ulong)stamp.Size) * Prime;
        h = (h ^ (ulong)stamp.ModifiedTicks) * Prime;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccd;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53;
        return h ^ (h >> 33);
    }

    /// <summary>
    /// The record as a file, in pieces for one vectored write: the lines as read with the changes merged in by name; runs
    /// of lines kept as read are slices of what was read, so a change of a few lines in a record of thousands copies nothing.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> ToSegments()
    {
        var changed = new ArrayBufferWriter<byte>(256 + _changes.Count * 128);
        var segments = new List<(int Start, int Length, bool Changed)>();
        void Add(int start, int length, bool isChange)
        {
            // Consecutive kept lines are one slice.
            if (!isChange && segments.Count > 0 && segments[^1] is { Changed: false } last && last.Start + last.Length == start)
                segments[^1] = (last.Start, last.Length + length, false);
            else if (length > 0)
                segments.Add((start, length, isChange));
        }
        void AddChanged(Action write)
        {
            var before = changed.WrittenCount;
            write();
            Add(before, changed.WrittenCount - before, true);
        }
        AddChanged(() =>
        {
            WriteText(changed, string.Create(CultureInfo.InvariantCulture, $"{Header} {Count} {_fingerprint:x16}\n"));
            WriteLine(changed, "-", Index, IndexName);
        });
        using var changes = _changes.GetEnumerator();
        var pending = changes.MoveNext();
        foreach (var start in _lines)
        {
            var line = Line(start);
            var name = NameOf(line);
            while (pending && Compare(changes.Current.Key, name) < 0)
            {
                var change = changes.Current;
                AddChanged(() => WriteChange(changed, change));
                pending = changes.MoveNext();
            }
            if (pending && Compare(changes.Current.Key, name) == 0)
            {
                var change = changes.Current;
                AddChanged(() => WriteChange(changed, change));
                pending = changes.MoveNext();
                continue;
            }
            Add(start, line.Length + 1, false);
        }
        for (; pending; pending = changes.MoveNext())
        {
            var change = changes.Current;
            AddChanged(() => WriteChange(changed, change));
        }
        var written = changed.WrittenMemory;
        return [.. segments.Select(s => s.Changed ? written.Slice(s.Start, s.Length) : _text.AsMemory(s.Start, s.Length))];
    }

    private static void WriteChange(ArrayBufferWriter<byte> w, KeyValuePair<string, (string Hash, FileStamp Stamp)?> change)
    {
        if (change.Value is { } entry)
            WriteLine(w, entry.Hash, entry.Stamp, change.Key);
    }

    private static void WriteLine(ArrayBufferWriter<byte> w, string hash, FileStamp stamp, string name) =>
        WriteText(w, string.Create(CultureInfo.InvariantCulture, $"{hash} {stamp.Size} {stamp.ModifiedTicks} {name}\n"));

    private static void WriteText(ArrayBufferWriter<byte> w, string text) =>
        w.Advance(Encoding.UTF8.GetBytes(text, w.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));

    /// <summary>Ordinal order of an ASCII name against one read as bytes, as the file is sorted.</summary>
    private static int Compare(string name, ReadOnlySpan<byte> other)
    {
        var n = Math.Min(name.Length, other.Length);
        for (var i = 0; i < n; i++)
        {
            if (name[i] != other[i])
                return name[i] - other[i];
        }
        return name.Length - other.Length;
    }

    /// <summary>The position in <see cref="_lines"/> of the line recording <paramref name="name"/>, or -1.</summary>
    private int Find(string name)
    {
        int lo = 0, hi = _lines.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = Compare(name, NameOf(Line(_lines[mid])));
            if (c == 0)
                return mid;
            if (c < 0)
                hi = mid - 1;
            else
                lo = mid + 1;
        }
        return -1;
    }

    private ReadOnlySpan<byte> Line(int start)
    {
        var rest = _text.AsSpan(start);
        return rest[..rest.IndexOf((byte)'\n')];
    }

    private static ReadOnlySpan<byte> NameOf(ReadOnlySpan<byte> line)
    {
        ParseLine(line, out _, out _, out var name);
        return name;
    }

    /// <summary>Splits <c>&lt;hash&gt; &lt;size&gt; &lt;ticks&gt; &lt;name&gt;</c>; false when the line is not one.</summary>
    private static bool ParseLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> hash, out FileStamp stamp, out ReadOnlySpan<byte> name)
    {
        hash = name = default;
        stamp = default;
        var first = line.IndexOf((byte)' ');
        if (first <= 0)
            return false;
        hash = line[..first];
        line = line[(first + 1)..];
        if (!Utf8Parser.TryParse(line, out long size, out var n) || n >= line.Length || line[n] != ' ')
            return false;
        line = line[(n + 1)..];
        if (!Utf8Parser.TryParse(line, out long ticks, out n) || ticks < 0 || n >= line.Length || line[n] != ' ')
            return false;
        name = line[(n + 1)..];
        stamp = new FileStamp(size, ticks);
        return !name.IsEmpty;
    }

    private static bool TryTakeLine(ref Span<byte> rest, out ReadOnlySpan<byte> line)
    {
        var end = rest.IndexOf((byte)'\n');
        if (end < 0)
        {
            line = default;
            return false;
        }
        line = rest[..end];
        rest = rest[(end + 1)..];
        return true;
    }
}
