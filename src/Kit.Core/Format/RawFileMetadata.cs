using System.Globalization;
using System.Text.Json;
using Kit.Oci.Serialization;

namespace Kit.Core.Format;

/// <summary>
/// The CNCF model-spec <c>FileMetadata</c> a raw layer carries in its <c>org.cncf.model.file.metadata+json</c>
/// annotation: <c>{"name","mode","uid","gid","size","mtime","typeflag"}</c>, as KitOps fills it.
/// </summary>
/// <param name="Name">The file's base name.</param>
/// <param name="Mode">Permission bits (e.g. 420 for 0644).</param>
/// <param name="Size">The file's length in bytes (uncompressed).</param>
/// <param name="ModifiedNs">Modification time in nanoseconds since 1970.</param>
internal sealed record RawFileMetadata(string Name, int Mode, long Size, long ModifiedNs)
{
    public const string Annotation = "org.cncf.model.file.metadata+json";

    /// <summary>
    /// Go's JSON of the struct: uid and gid 0, typeflag 0 (regular file), mtime as Go marshals a <c>time.Time</c>
    /// (RFC 3339 with trailing zeros of the nanoseconds dropped) in <paramref name="zone"/>, the packing machine's zone.
    /// </summary>
    public string ToJson(TimeZoneInfo zone)
    {
        var w = new GoJsonWriter();
        w.StartObject();
        w.Property("name", Name);
        w.Property("mode", Mode);
        w.Property("uid", 0);
        w.Property("gid", 0);
        w.Property("size", Size);
        w.Property("mtime", GoTime(ModifiedNs, zone));
        w.Property("typeflag", 0);
        w.EndObject();
        return w.ToString();
    }

    /// <summary>Go's <c>time.RFC3339Nano</c>: <c>Z</c> for a zero offset, else <c>+hh:mm</c>.</summary>
    internal static string GoTime(long unixNs, TimeZoneInfo zone)
    {
        var seconds = Math.DivRem(unixNs, 1_000_000_000, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000;
        }
        var utc = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var offset = zone.GetUtcOffset(utc);
        var local = utc.ToOffset(offset);
        var text = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (nanos > 0) text += "." + nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        if (offset == TimeSpan.Zero) return text + "Z";
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return text + sign + abs.Hours.ToString("D2", CultureInfo.InvariantCulture) + ":" + abs.Minutes.ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>Reads the mode and size of an annotation; null when it is not the JSON object KitOps writes.</summary>
    public static (int? Mode, long? Size)? TryParse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            int? mode = doc.RootElement.TryGetProperty("mode", out var m) && m.TryGetInt32(out var mv) ? mv : null;
            long? size = doc.RootElement.TryGetProperty("size", out var s) && s.TryGetInt64(out var sv) ? sv : null;
            return (mode, size);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
