using System.Security.Cryptography;
using Kit.Oci.Layout;

namespace Kit.Oci.Content;

/// <summary>
/// The one check of content against what names it: SHA-256 and a byte count while the bytes pass, a refusal as soon as
/// they run past the expected size, and the size and digest comparison at the end. Every verifying stream and writer
/// reports a wrong blob through the same <see cref="ContentIntegrityException"/> messages made here.
/// </summary>
internal sealed class DigestAccumulator : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <param name="expected">The digest the content must hash to.</param>
    /// <param name="expectedSize">Null when unknown: then only the digest is checked.</param>
    /// <param name="location">Where the content comes from, for the error message.</param>
    public DigestAccumulator(Digest expected, long? expectedSize, string? location = null)
    {
        Expected = expected;
        ExpectedSize = expectedSize;
        Location = location;
    }

    public Digest Expected { get; }
    public long? ExpectedSize { get; }
    public string? Location { get; }

    /// <summary>Bytes appended so far.</summary>
    public long Length { get; private set; }

    /// <summary>Throws when <paramref name="count"/> more bytes would run past the expected size; hashes nothing.</summary>
    public void EnsureRoom(long count)
    {
        if (Length + count > ExpectedSize)
            throw TooLong(Expected, ExpectedSize.Value, Location);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        EnsureRoom(data.Length);
        _hash.AppendData(data);
        Length += data.Length;
    }

    /// <summary>Starts over, for a source that sends the content again from its first byte.</summary>
    public void Reset()
    {
        _hash.GetHashAndReset();
        Length = 0;
    }

    /// <summary>Throws <see cref="ContentIntegrityException"/> unless size and digest of what was appended are the expected ones.</summary>
    public void Verify()
    {
        if (ExpectedSize is { } size && Length != size)
            throw SizeMismatch(Expected, size, Length, Location);
        var actual = Digest.FromHash(_hash.GetHashAndReset());
        if (actual != Expected)
            throw DigestMismatch(Expected, actual, Location);
    }

    public void Dispose() => _hash.Dispose();

    public static ContentIntegrityException TooLong(Digest expected, long size, string? location = null) =>
        new(expected, $"blob is corrupt: more than the expected {size} bytes", location);

    public static ContentIntegrityException SizeMismatch(Digest expected, long size, long actual, string? location = null) =>
        new(expected, $"blob is corrupt: size mismatch, expected {size} bytes, got {actual}", location);

    public static ContentIntegrityException DigestMismatch(Digest expected, Digest actual, string? location = null) =>
        new(expected, $"blob is corrupt: digest mismatch, got {actual}", location);
}
