using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kit.Core.Store.KitOps;

/// <summary>
/// What kit last wrote of KitOps's files, and the index.json it wrote with them: <c>storage/kit-mirror.sum</c>, one
/// line per file, <c>&lt;sha256&gt; &lt;size&gt; &lt;mtime ticks&gt; &lt;name&gt;</c>. A file whose stamp differs was
/// rewritten by someone else (KitOps); its hash then tells whether its content really changed.
/// </summary>
/// <remarks>
/// Every command asks whether anything changed, so the header carries the count and a fingerprint of all the
/// recorded names and stamps, and the index.json line comes first: the question is answered from two lines and one
/// listing of the directory, without reading the thousands of lines below.
/// </remarks>
internal sealed class MirrorRecord
{
    public const string FileName = "kit-mirror.sum";
    private const string Header = "kit-mirror 2";
    private const string HeaderV1 = "kit-mirror 1";
    private const string IndexName = "index.json";

    public FileStamp Index { get; set; } = FileStamp.Absent;

    /// <summary>Top-level KitOps file name → (content hash, stamp).</summary>
    public Dictionary<string, (string Hash, FileStamp Stamp)> Files { get; } = new(StringComparer.Ordinal);

    public MirrorRecord Clone()
    {
        var copy = new MirrorRecord { Index = Index };
        foreach (var (name, entry) in Files)
            copy.Files[name] = entry;
        return copy;
    }

    public static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Null when there is no record (never published by this kit) or it is unreadable (then everything is re-read).</summary>
    public static MirrorRecord? Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (lines.Length == 0 || !(lines[0] == HeaderV1 || lines[0].StartsWith(Header + " ", StringComparison.Ordinal)))
            return null;
        var record = new MirrorRecord();
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split(' ', 4);
            if (parts.Length != 4
                || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var size)
                || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                return null;
            if (parts[3] == IndexName)
                record.Index = new FileStamp(size, ticks);
            else
                record.Files[parts[3]] = (parts[0], new FileStamp(size, ticks));
        }
        return record;
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
        const ulong prime = 0x100000001b3;
        var h = 0xcbf29ce484222325;
        foreach (var c in name) h = (h ^ c) * prime;
        h = (h ^ (ulong)stamp.Size) * prime;
        h = (h ^ (ulong)stamp.ModifiedTicks) * prime;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccd;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53;
        return h ^ (h >> 33);
    }

    public byte[] ToBytes()
    {
        var fingerprint = 0UL;
        foreach (var (name, (_, stamp)) in Files) fingerprint += EntryHash(name, stamp);
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Header} {Files.Count} {fingerprint:x16}\n");
        Append(sb, "-", Index, IndexName);
        foreach (var (name, (hash, stamp)) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
            Append(sb, hash, stamp, name);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Append(StringBuilder sb, string hash, FileStamp stamp, string name) =>
        sb.Append(CultureInfo.InvariantCulture, $"{hash} {stamp.Size} {stamp.ModifiedTicks} {name}\n");
}
