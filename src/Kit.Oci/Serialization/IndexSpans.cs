using System.Text;
using System.Text.Json;

namespace Kit.Oci.Serialization;

/// <summary>
/// index.json as byte ranges: where each entry of its <c>manifests</c> array starts and ends and where its digest is,
/// with only the entries that may belong to some repositories read in full. An edit of those repositories writes
/// their entries anew and copies every other entry's bytes as they are, so tagging in an index of 10,000 entries
/// neither builds nor serializes the other 9,999 (and keeps fields of theirs that <see cref="Descriptor"/> does not model).
/// </summary>
internal sealed class IndexSpans
{
    /// <summary>Where one entry is: <c>[Start, End)</c>, and its digest's UTF-8 text (<c>DigestLength</c> -1: written escaped, unknown here).</summary>
    private readonly record struct Entry(int Start, int End, int DigestStart, int DigestLength);

    private readonly ReadOnlyMemory<byte> _json;
    private readonly int _open;
    private readonly int _close;
    private readonly List<Entry> _entries;

    /// <summary>Entry position → the entry, read in full, for the selected entries.</summary>
    private readonly SortedList<int, Descriptor> _selected;

    private IndexSpans(ReadOnlyMemory<byte> json, int open, int close, List<Entry> entries, SortedList<int, Descriptor> selected)
    {
        _json = json;
        _open = open;
        _close = close;
        _entries = entries;
        _selected = selected;
    }

    /// <summary>The selected entries, in index order.</summary>
    public IReadOnlyList<Descriptor> Selected => [.. _selected.Values];

    /// <summary>
    /// Scans <paramref name="json"/>; entries whose ref name is <c>&lt;repository&gt;:…</c> or whose repository
    /// annotation is a repository of <paramref name="repositories"/> (or that say either escaped) are read in full, and
    /// those <paramref name="belongs"/> accepts are the selected ones.
    /// </summary>
    /// <returns>null when the index has no <c>manifests</c> array to splice into (absent, null, or given twice).</returns>
    /// <exception cref="FormatException">Not well-formed JSON, or a candidate entry is not a valid descriptor.</exception>
    public static IndexSpans? Read(ReadOnlyMemory<byte> json, IEnumerable<string> repositories, Func<Descriptor, bool> belongs)
    {
        var filter = new RepositoryNames([.. repositories.Select(Encoding.UTF8.GetBytes)]);
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException("image index must be a JSON object");
            (int Open, int Close, List<Entry> Entries, SortedList<int, Descriptor> Selected)? found = null;
            var manifestsSeen = 0;
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var isManifests = reader.ValueTextEquals("manifests"u8);
                Next(ref reader);
                if (!isManifests)
                {
                    reader.Skip();
                    continue;
                }
                manifestsSeen++;
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }
                var open = (int)reader.TokenStartIndex;
                var entries = new List<Entry>(json.Length / 200);
                var selected = new SortedList<int, Descriptor>();
                while (Next(ref reader) != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new FormatException($"image index entry {entries.Count}: descriptor must be a JSON object");
                    var start = reader; // a copy: where to read the entry in full if it is a candidate
                    var startIndex = (int)reader.TokenStartIndex;
                    var (digestStart, digestLength, candidate) = IndexEntryScan.Scan(ref reader, ref filter);
                    if (candidate && ImageIndexReader.ReadDescriptor(ref start, entries.Count, null) is var entry && belongs(entry))
                        selected.Add(entries.Count, entry);
                    entries.Add(new Entry(startIndex, (int)reader.BytesConsumed, digestStart, digestLength));
                }
                found = (open, (int)reader.TokenStartIndex, entries, selected);
            }
            if (reader.Read())
                throw new FormatException("image index is not valid JSON: content after the top-level object");
            return manifestsSeen == 1 && found is { } f ? new IndexSpans(json, f.Open, f.Close, f.Entries, f.Selected) : null;
        }
        catch (JsonException e)
        {
            throw new FormatException($"image index is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// The entries that may belong to some repositories: a ref name <c>&lt;repository&gt;:…</c> or a repository annotation
    /// naming one of them, or either written escaped (read in full to be sure).
    /// </summary>
    private readonly struct RepositoryNames(byte[][] repositories) : IIndexEntryFilter
    {
        public bool MatchesDigest(ref Utf8JsonReader value) => false;

        public bool MatchesName(ref Utf8JsonReader value, bool isRefName)
        {
            if (value.ValueIsEscaped)
                return true;
            var text = value.ValueSpan;
            foreach (var repository in repositories)
            {
                if (isRefName
                        ? text.Length > repository.Length && text[repository.Length] == ':' && text.StartsWith(repository)
                        : text.SequenceEqual(repository))
                    return true;
            }
            return false;
        }
    }

    /// <summary>
    /// Whether an entry other than the selected ones holds <paramref name="digest"/>. An entry whose digest is written
    /// escaped counts as holding it: doubt keeps a blob.
    /// </summary>
    public bool HeldElsewhere(Digest digest)
    {
        Span<byte> text = stackalloc byte[Digest.Sha256Prefix.Length + 64];
        Encoding.ASCII.GetBytes(digest.ToString(), text);
        var json = _json.Span;
        for (var i = 0; i < _entries.Count; i++)
        {
            var e = _entries[i];
            if (_selected.ContainsKey(i))
                continue;
            if (e.DigestLength < 0 || json.Slice(e.DigestStart, e.DigestLength).SequenceEqual(text))
                return true;
        }
        return false;
    }

    /// <summary>
    /// The index with the selected entries replaced by <paramref name="kept"/>: a selected entry that is among them (the same
    /// object) keeps its place and its bytes, one that is not is dropped, and entries new in <paramref name="kept"/> are
    /// appended in their order. Everything else is copied as it was, as a few ranges of the original bytes.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Splice(IReadOnlyList<Descriptor> kept)
    {
        var stays = new HashSet<Descriptor>(kept, ReferenceEqualityComparer.Instance);
        var segments = new List<ReadOnlyMemory<byte>> { _json[..(_open + 1)] };
        var items = 0;
        var runStart = -1;
        for (var i = 0; i <= _entries.Count; i++)
        {
            var keep = i < _entries.Count && (!_selected.TryGetValue(i, out var candidate) || stays.Contains(candidate));
            if (keep && runStart < 0)
                runStart = i;
            if (keep || runStart < 0)
                continue;
            // Entries runStart..i-1 are kept: one range, separators included.
            if (items++ > 0)
                segments.Add(Comma);
            segments.Add(_json[_entries[runStart].Start.._entries[i - 1].End]);
            runStart = -1;
        }
        var original = new HashSet<Descriptor>(_selected.Values, ReferenceEqualityComparer.Instance);
        var added = kept.Where(d => !original.Contains(d)).ToList();
        if (added.Count > 0)
        {
            var w = new GoJsonWriter(capacity: added.Count * 240);
            w.StartArray();
            foreach (var entry in added)
                DescriptorJson.Write(w, entry);
            w.EndArray();
            var array = w.ToUtf8Memory();
            if (items > 0)
                segments.Add(Comma);
            segments.Add(array[1..^1]);
        }
        segments.Add(_json[_close..]);
        return segments;
    }

    private static readonly ReadOnlyMemory<byte> Comma = new[] { (byte)',' };

    private static JsonTokenType Next(ref Utf8JsonReader reader) => IndexEntryScan.Next(ref reader);
}
