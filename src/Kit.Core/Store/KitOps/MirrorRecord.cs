using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kit.Core.Store.KitOps;

/// <summary>
/// What kit last wrote of KitOps's files, and the index.json it wrote with them: <c>storage/kit-mirror.sum</c>, one
/// line per file, <c>&lt;sha256&gt; &lt;size&gt; &lt;mtime ticks&gt; &lt;name&gt;</c>. A file whose stamp differs was
/// rewritten by someone else (KitOps); its hash then tells whether its content really changed.
/// </summary>
internal sealed class MirrorRecord
{
    public const string FileName = "kit-mirror.sum";
    private const string Header = "kit-mirror 1";
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
        if (lines.Length == 0 || lines[0] != Header)
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

    public byte[] ToBytes()
    {
        var sb = new StringBuilder(Header).Append('\n');
        Append(sb, "-", Index, IndexName);
        foreach (var (name, (hash, stamp)) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
            Append(sb, hash, stamp, name);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Append(StringBuilder sb, string hash, FileStamp stamp, string name) =>
        sb.Append(CultureInfo.InvariantCulture, $"{hash} {stamp.Size} {stamp.ModifiedTicks} {name}\n");
}
