using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Packing;

/// <summary>
/// What earlier packs wrote for a layer whose files were exactly these (name, mode, size, inode, device, modification
/// and change times to the nanosecond), kept in the store's <c>pack-records/</c> folder, so a re-pack of unchanged
/// weights does not read and hash them again. A record is only a hint: it is used only when its blob is still stored
/// (and then leased), and never when a file changed so close to the record's read that its timestamps could hide a
/// later change (git's "racily clean" files).
/// </summary>
internal sealed class LayerRecords(OciLayoutStore layout)
{
    private const string Version = "kit-pack-record-1";

    // Timestamps come from a clock that advances in ticks (a few ms), or whole seconds on some file systems: a file
    // changed within that much of the read may look unchanged afterwards.
    private static readonly long FineWindowNs = TimeSpan.FromMilliseconds(50).Ticks * 100;
    private static readonly long CoarseWindowNs = TimeSpan.FromSeconds(1).Ticks * 100;

    /// <summary>The folder under the store that holds the records.</summary>
    public const string DirectoryName = "pack-records";

    private readonly string _directory = Path.Combine(layout.Root, DirectoryName);

    /// <summary>The layer a record file names; null when the file is not a readable record.</summary>
    public static Digest? ReadLayer(string path)
    {
        try
        {
            return LayerRecord.TryParse(File.ReadAllText(path))?.Layer.Digest;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The layer's files as the file system describes them now; null when a file cannot be described (not Linux).</summary>
    public static LayerStamp? Stamp(LayerPlan plan, string mediaType, LayerCompression compression)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, Version, mediaType, compression.ToString(), plan.LayerPath);
        long newest = 0;
        var coarse = false;
        foreach (var entry in plan.Entries)
        {
            if (entry.IsDirectory)
            {
                // Directories are written with their name and mode only.
                Append(hash, "d", entry.Name, Number(entry.Mode));
                continue;
            }
            if (!FileStatus.TryRead(entry.FullPath, out var status) || status.Size != entry.Size)
                return null;
            Append(hash, "f", entry.Name, Number(entry.Mode), Number(status.Size), Number(status.Inode), Number(status.Device),
                Number(status.ModifiedNs), Number(status.ChangedNs));
            newest = Math.Max(newest, Math.Max(status.ModifiedNs, status.ChangedNs));
            coarse |= status.ModifiedNs % 1_000_000_000 == 0 && status.ChangedNs % 1_000_000_000 == 0;
        }
        return new LayerStamp(Convert.ToHexStringLower(hash.GetHashAndReset()), newest, coarse ? CoarseWindowNs : FineWindowNs);
    }

    /// <summary>The layer an earlier pack wrote from exactly these files, leased; null when there is none to trust.</summary>
    public async Task<LayerRecord?> TryReuseAsync(LayerStamp stamp, StoreLease lease, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(Path.Combine(_directory, stamp.Key), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (LayerRecord.TryParse(text) is not { } record || stamp.NewestChangeNs >= record.ReadStartedNs - stamp.WindowNs)
            return null;
        return await layout.LeaseIfExistsAsync(lease, record.Layer.Digest, cancellationToken).ConfigureAwait(false) ? record : null;
    }

    /// <summary>Remembers what the files of <paramref name="stamp"/> packed into; a failure to write it only costs a re-read later.</summary>
    public void Remember(LayerStamp stamp, LayerRecord record)
    {
        var path = Path.Combine(_directory, stamp.Key);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            Directory.CreateDirectory(_directory);
            File.WriteAllText(temp, record.ToString());
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The time a read starts, on the clock file timestamps use.</summary>
    public static long NowNs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Append(IncrementalHash hash, params ReadOnlySpan<string> fields)
    {
        foreach (var field in fields)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(field));
            hash.AppendData([0]);
        }
        hash.AppendData([(byte)'\n']);
    }
}

/// <summary>A layer's files as described at one moment: the record key, the newest change among them, and the racy window.</summary>
internal sealed record LayerStamp(string Key, long NewestChangeNs, long WindowNs);

/// <summary>What a layer's files packed into, and when their read began.</summary>
internal sealed record LayerRecord(Descriptor Layer, Digest DiffId, long ReadStartedNs)
{
    public override string ToString() =>
        string.Join(' ', Layer.MediaType, Layer.Digest, Layer.Size.ToString(CultureInfo.InvariantCulture), DiffId,
            ReadStartedNs.ToString(CultureInfo.InvariantCulture));

    public static LayerRecord? TryParse(string text)
    {
        var parts = text.Split(' ');
        return parts.Length == 5
               && Digest.TryParse(parts[1], out var digest)
               && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
               && Digest.TryParse(parts[3], out var diffId)
               && long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var started)
            ? new LayerRecord(new Descriptor(parts[0], digest, size), diffId, started)
            : null;
    }
}
