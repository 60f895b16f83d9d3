using System.Text;

namespace Kit.Core.Packing;

/// <summary>
/// Encodes tar headers byte-for-byte as Go's <c>archive/tar</c> default writer does for the headers KitOps builds
/// (uid 1000, gid 0, no user/group names, mtime 0), so uncompressed layers get the same digests as KitOps'.
/// </summary>
/// <remarks>
/// USTAR when it can represent the entry; otherwise a PAX <c>x</c> entry followed by the main header
/// (Go's writeUSTARHeader / writePAXHeader / writeRawFile). System.Formats.Tar writes different bytes.
/// </remarks>
internal static class GoTarHeader
{
    public const int BlockSize = 512;
    private const int NameSize = 100;
    private const int PrefixSize = 155;
    private const long MaxOctalSize = (1L << 33) - 1;
    private const int Uid = 1000;

    /// <summary>The header block(s) preceding an entry's data; a multiple of 512 bytes.</summary>
    public static byte[] Encode(string name, bool isDirectory, int mode, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var typeFlag = isDirectory ? (byte)'5' : (byte)'0';
        var ascii = IsAscii(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var pathNeedsPax = !ascii || nameBytes.Length > NameSize;
        var sizeNeedsPax = size > MaxOctalSize;

        string? prefix = null;
        var usePax = sizeNeedsPax || (pathNeedsPax && !TrySplitUstarPath(name, out prefix, out _));
        if (!usePax)
        {
            var header = new byte[BlockSize];
            var shortName = name;
            if (pathNeedsPax && TrySplitUstarPath(name, out prefix, out var suffix))
                shortName = suffix;
            FillCommon(header, shortName, typeFlag, mode, size);
            if (prefix is not null)
                WriteString(header.AsSpan(345, PrefixSize), prefix);
            Finish(header);
            return header;
        }

        var records = new StringBuilder();
        if (pathNeedsPax)
            records.Append(PaxRecord("path", name));
        if (sizeNeedsPax)
            records.Append(PaxRecord("size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var data = Encoding.UTF8.GetBytes(records.ToString());

        var padded = Pad(data.Length);
        var result = new byte[BlockSize + padded + BlockSize];
        var pax = result.AsSpan(0, BlockSize);
        WriteString(pax[..NameSize], PaxHeaderName(name));
        WriteOctal(pax.Slice(100, 8), 0);
        WriteOctal(pax.Slice(108, 8), 0);
        WriteOctal(pax.Slice(116, 8), 0);
        WriteOctal(pax.Slice(124, 12), data.Length);
        WriteOctal(pax.Slice(136, 12), 0);
        pax[156] = (byte)'x';
        Finish(pax);
        data.CopyTo(result.AsSpan(BlockSize));

        var main = result.AsSpan(BlockSize + padded, BlockSize);
        FillCommon(main, ToAscii(name), typeFlag, mode, sizeNeedsPax ? 0 : size);
        Finish(main);
        return result;
    }

    /// <summary>Bytes of zero padding after <paramref name="size"/> bytes of data.</summary>
    public static int Padding(long size) => (int)(-size & (BlockSize - 1));

    private static int Pad(int length) => length + Padding(length);

    private static void FillCommon(Span<byte> header, string name, byte typeFlag, int mode, long size)
    {
        WriteString(header[..NameSize], name);
        WriteOctal(header.Slice(100, 8), mode);
        WriteOctal(header.Slice(108, 8), Uid);
        WriteOctal(header.Slice(116, 8), 0);
        WriteOctal(header.Slice(124, 12), size);
        WriteOctal(header.Slice(136, 12), 0);
        header[156] = typeFlag;
        WriteOctal(header.Slice(329, 8), 0);
        WriteOctal(header.Slice(337, 8), 0);
    }

    /// <summary>Magic, version and checksum (Go's <c>block.setFormat</c>).</summary>
    private static void Finish(Span<byte> header)
    {
        "ustar\0"u8.CopyTo(header.Slice(257, 6));
        "00"u8.CopyTo(header.Slice(263, 2));
        var sum = 0;
        for (var i = 0; i < BlockSize; i++)
            sum += i is >= 148 and < 156 ? ' ' : header[i];
        WriteOctal(header.Slice(148, 7), sum);
        header[155] = (byte)' ';
    }

    /// <summary>Zero-padded octal leaving room for a trailing NUL (Go's <c>formatOctal</c>).</summary>
    private static void WriteOctal(Span<byte> field, long value)
    {
        var digits = Convert.ToString(value, 8).PadLeft(field.Length - 1, '0');
        WriteString(field, digits);
    }

    /// <summary>Go's <c>formatString</c>: copy, NUL-terminate if room, never leave a trailing '/' in a cut name.</summary>
    private static void WriteString(Span<byte> field, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var copied = Math.Min(bytes.Length, field.Length);
        bytes.AsSpan(0, copied).CopyTo(field);
        if (bytes.Length < field.Length)
        {
            field[bytes.Length] = 0;
        }
        else if (bytes.Length > field.Length && field[^1] == '/')
        {
            var n = field.Length;
            while (n > 0 && field[n - 1] == '/')
                n--;
            field[n] = 0;
        }
    }

    /// <summary>Go's <c>splitUSTARPath</c>: prefix (≤155) + '/' + name (≤100), cut at the last possible slash.</summary>
    private static bool TrySplitUstarPath(string name, out string prefix, out string suffix)
    {
        prefix = "";
        suffix = "";
        var length = name.Length;
        if (length <= NameSize || !IsAscii(name))
            return false;
        if (length > PrefixSize + 1)
            length = PrefixSize + 1;
        else if (name[length - 1] == '/')
            length--;

        var i = name.LastIndexOf('/', length - 1);
        var suffixLength = name.Length - i - 1;
        if (i <= 0 || suffixLength > NameSize || suffixLength == 0 || i > PrefixSize)
            return false;
        prefix = name[..i];
        suffix = name[(i + 1)..];
        return true;
    }

    /// <summary><c>&lt;dir&gt;/PaxHeaders.0/&lt;base&gt;</c>, ASCII-only and cut to 100 bytes (Go's writeRawFile).</summary>
    private static string PaxHeaderName(string name)
    {
        var slash = name.LastIndexOf('/');
        var joined = GoPath.Clean(name[..(slash + 1)] + "PaxHeaders.0/" + name[(slash + 1)..]);
        var ascii = ToAscii(joined);
        if (ascii.Length > NameSize)
            ascii = ascii[..NameSize];
        return ascii.TrimEnd('/');
    }

    /// <summary>Go's <c>formatPAXRecord</c>: the length prefix counts itself.</summary>
    private static string PaxRecord(string key, string value)
    {
        var size = Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value) + 3;
        size += size.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        var record = $"{size} {key}={value}\n";
        var actual = Encoding.UTF8.GetByteCount(record);
        return actual == size ? record : $"{actual} {key}={value}\n";
    }

    private static bool IsAscii(string s)
    {
        foreach (var c in s)
        {
            if (c >= 0x80 || c == 0)
                return false;
        }
        return true;
    }

    private static string ToAscii(string s)
    {
        if (IsAscii(s))
            return s;
        var builder = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c < 0x80 && c != 0)
                builder.Append(c);
        }
        return builder.ToString();
    }
}
