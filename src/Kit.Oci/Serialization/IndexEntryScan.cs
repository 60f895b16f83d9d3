using System.Text.Json;

namespace Kit.Oci.Serialization;

/// <summary>Decides from an index entry's digest or name annotations whether the entry is worth reading in full.</summary>
internal interface IIndexEntryFilter
{
    /// <summary>The reader is on the entry's <c>digest</c> string.</summary>
    bool MatchesDigest(ref Utf8JsonReader value);

    /// <summary>The reader is on the string value of the ref name annotation (<paramref name="isRefName"/>) or the repository one.</summary>
    bool MatchesName(ref Utf8JsonReader value, bool isRefName);
}

/// <summary>
/// One pass over an entry object of index.json that builds nothing: the searches that must not parse 10,000 entries to
/// find a few (resolving a name, splicing one repository's entries) look at each entry through it.
/// </summary>
internal static class IndexEntryScan
{
    /// <summary>Where the digest's UTF-8 text is (<paramref name="DigestLength"/> -1: absent or written escaped), and whether the filter took the entry.</summary>
    internal readonly record struct Result(int DigestStart, int DigestLength, bool Candidate);

    /// <summary>Reads past the entry object the reader is on.</summary>
    public static Result Scan<TFilter>(ref Utf8JsonReader reader, ref TFilter filter)
        where TFilter : IIndexEntryFilter, allows ref struct
    {
        var (digestStart, digestLength, candidate) = (0, -1, false);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("digest"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.String)
                {
                    if (!reader.ValueIsEscaped)
                        (digestStart, digestLength) = ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                    candidate |= filter.MatchesDigest(ref reader);
                }
                reader.Skip();
            }
            else if (reader.ValueTextEquals("annotations"u8))
            {
                Next(ref reader);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    var isRefName = reader.ValueTextEquals(ImageIndexReader.RefNameUtf8);
                    var isRepository = !isRefName && reader.ValueTextEquals(ImageIndexReader.RepositoryUtf8);
                    Next(ref reader);
                    if ((isRefName || isRepository) && reader.TokenType == JsonTokenType.String)
                        candidate |= filter.MatchesName(ref reader, isRefName);
                    reader.Skip();
                }
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
        return new Result(digestStart, digestLength, candidate);
    }

    internal static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
            throw new FormatException("image index is not valid JSON: it ends too early");
        return reader.TokenType;
    }
}
