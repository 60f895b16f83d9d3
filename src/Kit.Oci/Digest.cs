using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Kit.Oci;

/// <summary>A validated sha256 content digest (<c>sha256:&lt;64 lowercase hex&gt;</c>).</summary>
/// <remarks>Only sha256 is accepted: it is the only algorithm KitOps writes and registries require.</remarks>
public readonly record struct Digest
{
    /// <summary>The <c>sha256:</c> prefix; the only algorithm this library accepts.</summary>
    public const string Sha256Prefix = "sha256:";

    private Digest(string hex) => Hex = hex;

    /// <summary>The 64 lowercase hex characters.</summary>
    public string Hex { get; }

    /// <summary>The algorithm name, always <c>sha256</c>.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "The algorithm is part of a digest's value (algorithm:hex); callers read it from the digest they hold.")]
    public string Algorithm => "sha256";

    /// <summary>The canonical form <c>sha256:&lt;64 lowercase hex&gt;</c>.</summary>
    public override string ToString() => Sha256Prefix + Hex;

    /// <summary>First 12 hex characters, for log lines.</summary>
    public string Abbreviated => Hex[..12];

    /// <summary>Parses <c>sha256:&lt;64 lowercase hex&gt;</c>.</summary>
    /// <param name="value">The digest string.</param>
    /// <exception cref="FormatException">Another algorithm, or hex of the wrong length or case.</exception>
    public static Digest Parse(string value) =>
        TryParse(value, out var digest)
            ? digest
            : throw new FormatException($"invalid digest '{value}': expected sha256:<64 lowercase hex characters>");

    /// <summary>Parses <c>sha256:&lt;64 lowercase hex&gt;</c> without throwing.</summary>
    /// <param name="value">The digest string.</param>
    /// <param name="digest">The digest, when valid.</param>
    public static bool TryParse([NotNullWhen(true)] string? value, out Digest digest)
    {
        digest = default;
        if (value is null || value.Length != Sha256Prefix.Length + 64 || !value.StartsWith(Sha256Prefix, StringComparison.Ordinal))
            return false;
        var hex = value.AsSpan(Sha256Prefix.Length);
        if (!IsLowerHex(hex))
            return false;
        digest = new Digest(hex.ToString());
        return true;
    }

    /// <summary>Parses the 64 lowercase hex characters alone (as in a blob's file name).</summary>
    /// <param name="hex">The hex part.</param>
    /// <param name="digest">The digest, when valid.</param>
    public static bool TryParseHex(ReadOnlySpan<char> hex, out Digest digest)
    {
        digest = default;
        if (hex.Length != 64 || !IsLowerHex(hex))
            return false;
        digest = new Digest(hex.ToString());
        return true;
    }

    /// <summary>Parses <c>sha256:&lt;64 lowercase hex&gt;</c> from UTF-8 bytes (as an index file holds it), without a string for the whole.</summary>
    internal static bool TryParseUtf8(ReadOnlySpan<byte> value, out Digest digest)
    {
        digest = default;
        if (value.Length != Sha256Prefix.Length + 64 || !value.StartsWith("sha256:"u8))
            return false;
        var hex = value[Sha256Prefix.Length..];
        foreach (var b in hex)
        {
            if (b is not (>= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f'))
                return false;
        }
        digest = new Digest(System.Text.Encoding.ASCII.GetString(hex));
        return true;
    }

    /// <summary>The digest of an already computed SHA-256 hash.</summary>
    /// <param name="sha256">The 32 hash bytes.</param>
    public static Digest FromHash(ReadOnlySpan<byte> sha256) =>
        sha256.Length == 32 ? new Digest(Convert.ToHexStringLower(sha256)) : throw new ArgumentException("sha256 hash must be 32 bytes", nameof(sha256));

    /// <summary>Hashes <paramref name="data"/> in memory; for streams, hash while writing instead.</summary>
    /// <param name="data">The bytes to hash.</param>
    public static Digest Compute(ReadOnlySpan<byte> data) => FromHash(SHA256.HashData(data));

    private static bool IsLowerHex(ReadOnlySpan<char> hex)
    {
        foreach (var c in hex)
        {
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
                return false;
        }
        return true;
    }
}
