using System.Text;
using System.Text.Json;

namespace Kit.Oci.Serialization;

/// <summary>
/// Reads an image index straight from its UTF-8 bytes with <see cref="Utf8JsonReader"/>: a store's index.json holds
/// one entry per tag (10,000 and more), and every command reads it, so no document tree is built, the strings every
/// entry repeats (media types, annotation keys) are shared, and a digest is validated on its bytes. Same rules as
/// <see cref="DescriptorJson.Read"/>: unknown fields are skipped, a repeated key keeps its last value.
/// </summary>
internal static class ImageIndexReader
{
    public static ImageIndex Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            return ReadIndex(ref reader);
        }
        catch (JsonException e)
        {
            throw new FormatException($"image index is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// The first entry <paramref name="confirm"/> accepts among those named <paramref name="refName"/> or holding
    /// <paramref name="digest"/>, found in one pass that builds nothing for the other entries: resolving one name in an
    /// index of 10,000 costs a scan, not a parse. The JSON must be well formed throughout; the other entries are not
    /// checked further (a full read reports what is wrong with them).
    /// </summary>
    /// <param name="json">index.json.</param>
    /// <param name="refName">The <c>org.opencontainers.image.ref.name</c> a candidate has, as UTF-8; empty for none.</param>
    /// <param name="digest">The digest a candidate holds, as UTF-8 <c>sha256:…</c>; empty for none.</param>
    /// <param name="confirm">Decides on a candidate, read in full.</param>
    public static Descriptor? FindFirst(ReadOnlySpan<byte> json, ReadOnlySpan<byte> refName, ReadOnlySpan<byte> digest, Func<Descriptor, bool> confirm)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException("image index must be a JSON object");
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var isManifests = reader.ValueTextEquals("manifests"u8);
                Next(ref reader);
                if (!isManifests || reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }
                var position = 0;
                var filter = new RefNameOrDigest(refName, digest);
                while (Next(ref reader) != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new FormatException($"{Where(position)}: descriptor must be a JSON object");
                    var start = reader; // a copy: where to read the entry in full if it is a candidate
                    if (IndexEntryScan.Scan(ref reader, ref filter).Candidate)
                    {
                        var entry = ReadDescriptor(ref start, position, null);
                        if (confirm(entry))
                            return entry;
                    }
                    position++;
                }
            }
            return null;
        }
        catch (JsonException e)
        {
            throw new FormatException($"image index is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>FindFirst's candidates: the entries named the ref name, or holding the digest, looked for (empty: not looked for).</summary>
    private readonly ref struct RefNameOrDigest : IIndexEntryFilter
    {
        private readonly ReadOnlySpan<byte> _refName;
        private readonly ReadOnlySpan<byte> _digest;

        public RefNameOrDigest(ReadOnlySpan<byte> refName, ReadOnlySpan<byte> digest)
        {
            _refName = refName;
            _digest = digest;
        }

        public bool MatchesDigest(ref Utf8JsonReader value) => !_digest.IsEmpty && value.ValueTextEquals(_digest);

        public bool MatchesName(ref Utf8JsonReader value, bool isRefName) => isRefName && !_refName.IsEmpty && value.ValueTextEquals(_refName);
    }

    private static ImageIndex ReadIndex(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new FormatException("image index must be a JSON object");
        List<Descriptor>? manifests = null;
        var schemaVersion = 2;
        IReadOnlyDictionary<string, string>? annotations = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("manifests"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.Null)
                {
                    manifests = null;
                    continue;
                }
                if (reader.TokenType != JsonTokenType.StartArray)
                    throw new FormatException("image index manifests must be an array");
                manifests = [];
                Digest? previous = null;
                while (Next(ref reader) != JsonTokenType.EndArray)
                {
                    var entry = ReadDescriptor(ref reader, manifests.Count, previous);
                    manifests.Add(entry);
                    previous = entry.Digest;
                }
            }
            else if (reader.ValueTextEquals("schemaVersion"u8))
            {
                Next(ref reader);
                schemaVersion = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v) ? v : 2;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("annotations"u8))
            {
                Next(ref reader);
                annotations = ReadAnnotations(ref reader, -1);
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
        // Trailing content after the object is invalid JSON, as JsonDocument reports it.
        if (reader.Read())
            throw new FormatException("image index is not valid JSON: content after the top-level object");
        return new ImageIndex(manifests ?? []) { SchemaVersion = schemaVersion, Annotations = annotations };
    }

    internal static Descriptor ReadDescriptor(ref Utf8JsonReader reader, int position, Digest? previous)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new FormatException($"image index entry {position}: descriptor must be a JSON object");
        var mediaType = "";
        string? digestText = null;
        Digest? digest = null;
        long? size = null;
        IReadOnlyDictionary<string, string>? annotations = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("mediaType"u8))
            {
                Next(ref reader);
                mediaType = reader.TokenType == JsonTokenType.String ? MediaType(ref reader) : "";
                reader.Skip();
            }
            else if (reader.ValueTextEquals("digest"u8))
            {
                Next(ref reader);
                if (reader.TokenType != JsonTokenType.String)
                {
                    (digest, digestText) = (null, null);
                    reader.Skip();
                    continue;
                }
                if (!reader.ValueIsEscaped && previous is { } last && reader.ValueSpan.Length == Digest.Sha256Prefix.Length + 64
                    && EqualsHex(reader.ValueSpan[Digest.Sha256Prefix.Length..], last.Hex) && reader.ValueSpan.StartsWith("sha256:"u8))
                    (digest, digestText) = (last, ""); // the tags of one manifest usually follow each other: one string for all
                else if (!reader.ValueIsEscaped && Digest.TryParseUtf8(reader.ValueSpan, out var parsed))
                    (digest, digestText) = (parsed, "");
                else
                {
                    digestText = reader.GetString()!;
                    digest = Digest.TryParse(digestText, out var d) ? d : null;
                }
            }
            else if (reader.ValueTextEquals("size"u8))
            {
                Next(ref reader);
                size = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var s) && s >= 0 ? s : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("annotations"u8))
            {
                Next(ref reader);
                annotations = ReadAnnotations(ref reader, position);
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
        if (digestText is null)
            throw new FormatException($"{Where(position)}: descriptor has no digest");
        if (digest is null)
            throw new FormatException($"{Where(position)}: unsupported or invalid digest '{digestText}'");
        if (size is null)
            throw new FormatException($"{Where(position)}: descriptor {digest} has no valid size");
        return new Descriptor(mediaType, digest.Value, size.Value) { Annotations = annotations };
    }

    /// <summary>How errors name an entry (<paramref name="position"/> -1: the index itself); built only for an error, as every entry is read on every command.</summary>
    private static string Where(int position) => position < 0 ? "image index" : $"image index entry {position}";

    private static IReadOnlyDictionary<string, string>? ReadAnnotations(ref Utf8JsonReader reader, int position)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new FormatException($"{Where(position)}: annotations must be a JSON object");
        (string Key, string Value)? first = null;
        Dictionary<string, string>? map = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = reader.ValueTextEquals(RefNameUtf8) ? OciAnnotations.RefName
                : reader.ValueTextEquals(RepositoryUtf8) ? Layout.EntryName.RepositoryAnnotation
                : reader.GetString()!;
            Next(ref reader);
            if (reader.TokenType != JsonTokenType.String)
                throw new FormatException($"{Where(position)}: annotation '{key}' must be a string");
            var value = reader.GetString()!;
            if (first is null && map is null)
            {
                first = (key, value);
                continue;
            }
            if (map is null)
            {
                map = new Dictionary<string, string>(StringComparer.Ordinal) { [first!.Value.Key] = first.Value.Value };
                first = null;
            }
            // Duplicate keys: last wins, as in Go's encoding/json.
            map[key] = value;
        }
        if (map is not null)
            return map;
        return first is { } one ? new SingleAnnotation(one.Key, one.Value) : new Dictionary<string, string>();
    }

    internal static readonly byte[] RefNameUtf8 = Encoding.UTF8.GetBytes(OciAnnotations.RefName);
    internal static readonly byte[] RepositoryUtf8 = Encoding.UTF8.GetBytes(Layout.EntryName.RepositoryAnnotation);
    private static readonly byte[] ImageManifestUtf8 = Encoding.UTF8.GetBytes(MediaTypes.ImageManifest);
    private static readonly byte[] ImageIndexUtf8 = Encoding.UTF8.GetBytes(MediaTypes.ImageIndex);

    /// <summary>The two media types nearly every entry has are one shared string each.</summary>
    private static string MediaType(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals(ImageManifestUtf8) ? MediaTypes.ImageManifest
        : reader.ValueTextEquals(ImageIndexUtf8) ? MediaTypes.ImageIndex
        : reader.GetString()!;

    private static bool EqualsHex(ReadOnlySpan<byte> utf8, string hex)
    {
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] != hex[i])
                return false;
        }
        return true;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) => IndexEntryScan.Next(ref reader);
}
