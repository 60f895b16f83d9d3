using System.Security.Cryptography;
using System.Text;

namespace Kit.TestSupport;

/// <summary>
/// libtrust key IDs as distribution's token auth matches a JWT's <c>kid</c>: SHA-256 of the DER
/// SubjectPublicKeyInfo, first 30 bytes, base32 (RFC 4648, upper case, no padding), 12 groups of 4 joined by ':'.
/// </summary>
public static class Libtrust
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string KeyId(byte[] subjectPublicKeyInfo)
    {
        var hash = SHA256.HashData(subjectPublicKeyInfo).AsSpan(0, 30);
        var b32 = Base32(hash);
        var sb = new StringBuilder();
        for (var i = 0; i < b32.Length; i += 4)
        {
            if (i > 0)
                sb.Append(':');
            sb.Append(b32, i, 4);
        }
        return sb.ToString();
    }

    public static string Base32(ReadOnlySpan<byte> data)
    {
        var sb = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
            sb.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return sb.ToString();
    }
}
