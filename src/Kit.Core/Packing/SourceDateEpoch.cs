using System.Globalization;

namespace Kit.Core.Packing;

/// <summary>
/// The <c>SOURCE_DATE_EPOCH</c> convention (reproducible-builds.org): when set, the pack's creation time is that many
/// seconds after 1970-01-01 UTC instead of now, so packing the same files gives the same manifest digest.
/// </summary>
internal static class SourceDateEpoch
{
    public const string Variable = "SOURCE_DATE_EPOCH";

    /// <summary>The creation time a pack records: <paramref name="value"/> when set, else <paramref name="now"/>; whole seconds, UTC.</summary>
    /// <exception cref="KitException">The value is not a whole number of seconds in the range of dates.</exception>
    public static DateTimeOffset CreationTime(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(value))
            return DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            || seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            throw new KitException($"invalid {Variable} \"{value}\": it must be a whole number of seconds since 1970-01-01 UTC, e.g. $(git log -1 --format=%ct)");
        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    /// <summary>RFC 3339 with whole seconds and a literal <c>Z</c>, as Go's <c>time.RFC3339</c> formats a UTC time.</summary>
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
