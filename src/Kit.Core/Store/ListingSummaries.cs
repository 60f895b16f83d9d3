using System.Globalization;
using System.Text;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Store;

/// <summary>
/// What <c>kit list</c> shows of each stored manifest (whether it is a ModelKit, its layers' total size, package name
/// and first author), kept in <c>storage/kit-list.cache</c> so that listing thousands of ModelKits does not read and
/// hash two blobs each. A manifest never changes under its digest, so an entry never goes stale; the file is only a
/// hint: one that is missing or unreadable is rebuilt, and entries of manifests no longer named are dropped when it is
/// written again. Written whole by atomic rename; two commands writing it at once each leave a correct file.
/// </summary>
internal sealed class ListingSummaries
{
    public const string FileName = "kit-list.cache";
    private const string Header = "kit-list 1";

    /// <param name="IsModelKit">False for a manifest of another artifact, which is not listed.</param>
    /// <param name="Size">The sum of the layer sizes.</param>
    /// <param name="Name">The package name, if any.</param>
    /// <param name="Author">The first author, if any.</param>
    public sealed record Entry(bool IsModelKit, long Size, string? Name, string? Author);

    private readonly string _root;
    private readonly Dictionary<Digest, Entry> _entries;
    private bool _changed;

    private ListingSummaries(string root, Dictionary<Digest, Entry> entries)
    {
        _root = root;
        _entries = entries;
    }

    private string FilePath => Path.Combine(_root, FileName);

    public static ListingSummaries Load(string storageRoot)
    {
        var entries = new Dictionary<Digest, Entry>();
        try
        {
            using var reader = new StreamReader(Path.Combine(storageRoot, FileName), Encoding.UTF8);
            if (reader.ReadLine() != Header)
                return new ListingSummaries(storageRoot, []);
            while (reader.ReadLine() is { } line)
            {
                if (!TryParse(line, out var digest, out var entry))
                    return new ListingSummaries(storageRoot, []);
                entries[digest] = entry;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Missing or unreadable: everything is read from the blobs, and the file written again.
        }
        return new ListingSummaries(storageRoot, entries);
    }

    public bool TryGet(Digest manifest, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Entry? entry) =>
        _entries.TryGetValue(manifest, out entry);

    public void Add(Digest manifest, Entry entry)
    {
        _entries[manifest] = entry;
        _changed = true;
    }

    /// <summary>Writes the file when entries were added or some name no manifest in <paramref name="named"/>; a failure to write is ignored (the file is a hint).</summary>
    public void SaveIfChanged(IReadOnlySet<Digest> named, string ingestDirectory)
    {
        var dropped = _entries.Keys.Where(d => !named.Contains(d)).ToList();
        if (!_changed && dropped.Count == 0)
            return;
        foreach (var digest in dropped)
            _entries.Remove(digest);
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var (digest, e) in _entries)
            sb.Append(CultureInfo.InvariantCulture, $"{digest.Hex} {(e.IsModelKit ? 1 : 0)} {e.Size} {Escape(e.Name)} {Escape(e.Author)}\n");
        try
        {
            Directory.CreateDirectory(ingestDirectory);
            OciLayoutStore.WriteFileAtomically(ingestDirectory, FilePath, Encoding.UTF8.GetBytes(sb.ToString()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only store lists as well without it.
        }
    }

    // Absent is '-', anything else percent-encoded, so that no value can contain a space or a newline.
    private static string Escape(string? value) => value is null ? "-" : "=" + Uri.EscapeDataString(value);

    private static bool TryUnescape(string text, out string? value)
    {
        value = null;
        if (text == "-") return true;
        if (!text.StartsWith('=')) return false;
        value = Uri.UnescapeDataString(text[1..]);
        return true;
    }

    private static bool TryParse(string line, out Digest digest, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Entry? entry)
    {
        entry = null;
        digest = default;
        var parts = line.Split(' ');
        if (parts.Length != 5 || !Digest.TryParseHex(parts[0], out digest) || parts[1] is not ("0" or "1")
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !TryUnescape(parts[3], out var name) || !TryUnescape(parts[4], out var author))
            return false;
        entry = new Entry(parts[1] == "1", size, name, author);
        return true;
    }
}
