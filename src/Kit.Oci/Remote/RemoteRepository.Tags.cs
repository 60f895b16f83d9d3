using System.Net;
using System.Text.Json;

namespace Kit.Oci.Remote;

public sealed partial class RemoteRepository
{
    private const int MaxTagPageBytes = 16 << 20;
    private const int MaxTagPages = 10_000;

    /// <summary>All tags, following <c>Link: &lt;…&gt;; rel="next"</c> pages; in the registry's order (not necessarily sorted).</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(CancellationToken cancellationToken = default)
    {
        var tags = new List<string>();
        Uri? next = new(BaseUri, "tags/list");
        for (var page = 0; next is not null; page++)
        {
            if (page == MaxTagPages)
                throw new InvalidDataException($"registry {Registry}: list tags {Repository}: more than {MaxTagPages} pages, the registry keeps linking");
            using var request = NewRequest(HttpMethod.Get, next, Pull);
            var response = await SendAsync(request, cancellationToken, streamBody: true).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
                throw await FailAsync(response, "list tags", null, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                var body = await ReadLimitedAsync(response, MaxTagPageBytes, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"registry {Registry}: list tags {Repository}: page larger than {MaxTagPageBytes} bytes");
                ReadTagPage(body, tags);
                next = LinkHeader.GetNext(response);
            }
        }
        return tags;
    }

    private void ReadTagPage(byte[] body, List<string> tags)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            // "tags": null is what this registry says once every tag is deleted.
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("tags", out var list) || list.ValueKind == JsonValueKind.Null)
                return;
            if (list.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"registry {Registry}: list tags {Repository}: \"tags\" is not an array");
            foreach (var tag in list.EnumerateArray())
            {
                if (tag.ValueKind == JsonValueKind.String)
                    tags.Add(tag.GetString()!);
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"registry {Registry}: list tags {Repository}: response is not JSON: {e.Message}", e);
        }
    }
}
