using System.Text;
using System.Text.Json;

namespace Kit.Oci.Remote;

/// <summary>Turns a failed response into a <see cref="RegistryException"/> (or a subtype).</summary>
internal static class RegistryErrorParser
{
    internal const int MaxExcerptBytes = 8 << 10;

    public static async Task<RegistryException> CreateAsync(HttpResponseMessage response, string registry, string operation,
        string subject, CancellationToken cancellationToken)
    {
        var body = await ReadPrefixAsync(response, MaxExcerptBytes, cancellationToken).ConfigureAwait(false);
        var errors = IsJson(response) ? Parse(body) : [];
        var excerpt = errors.Count == 0 && body.Length > 0 ? Encoding.UTF8.GetString(body) : null;
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            return new RegistryNotFoundException(registry, operation, subject, errors, excerpt);
        if (response.StatusCode == System.Net.HttpStatusCode.MethodNotAllowed
            || errors.Any(e => e.Code.Equals("UNSUPPORTED", StringComparison.OrdinalIgnoreCase)))
            return new RegistryUnsupportedException(registry, operation, subject, response.StatusCode, errors, excerpt);
        return new RegistryException(registry, operation, subject, response.StatusCode, errors, excerpt);
    }

    // Only the exact JSON type: an HTML error page labelled otherwise must not be parsed (as KitOps does).
    private static bool IsJson(HttpResponseMessage response) =>
        string.Equals(response.Content.Headers.ContentType?.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);

    internal static IReadOnlyList<RegistryError> Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowTrailingCommas = true });
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("errors", out var list) || list.ValueKind != JsonValueKind.Array)
                return [];
            var result = new List<RegistryError>();
            foreach (var e in list.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object)
                    continue;
                var code = e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "UNKNOWN";
                var message = e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
                var detail = e.TryGetProperty("detail", out var d) && d.ValueKind != JsonValueKind.Null ? d.GetRawText() : null;
                result.Add(new RegistryError(code, message, detail));
            }
            return result;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>At most <paramref name="max"/> bytes of the body; empty when it breaks off.</summary>
    internal static async Task<byte[]> ReadPrefixAsync(HttpResponseMessage response, int max, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var _ = stream.ConfigureAwait(false);
            var buffer = new byte[max];
            var n = await stream.ReadAtLeastAsync(buffer, max, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return buffer.AsSpan(0, n).ToArray();
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // The status is what matters; a body that breaks off must not hide it.
            return [];
        }
    }
}
