using System.Text.Json;
using Kit.Core.Kitfiles;
using Kit.Oci;
using Kit.Oci.Serialization;

namespace Kit.Core.Format;

/// <summary>
/// The model-spec config of a ModelPack (<c>application/vnd.cncf.model.config.v1+json</c>): what KitOps's
/// <c>--use-model-pack</c> writes from a Kitfile, and the layer diffIds a reader needs from any writer's config.
/// </summary>
internal static class ModelPackConfig
{
    /// <summary>
    /// Go's JSON of model-spec's <c>Model</c> as KitOps fills it: <c>descriptor</c> (createdAt, authors, name, version,
    /// licenses, title, description; empty ones left out), <c>modelfs</c> (the diffIds in manifest order, <c>null</c> for
    /// none) and <c>config</c> (the model's format).
    /// </summary>
    /// <param name="kitfile">The Kitfile being packed.</param>
    /// <param name="diffIds">Each layer's diffId, in manifest order.</param>
    /// <param name="createdAt">
    /// The pack's creation time. KitOps writes the packing machine's clock with nanoseconds in its local zone, so every
    /// pack gets a new config; kit writes the manifest's creation time (whole seconds, UTC), so that with
    /// <c>SOURCE_DATE_EPOCH</c> a ModelPack is as reproducible as a ModelKit.
    /// </param>
    public static byte[] Write(Kitfile kitfile, IReadOnlyList<Digest> diffIds, DateTimeOffset createdAt)
    {
        var package = kitfile.Package;
        var w = new GoJsonWriter();
        w.StartObject();
        w.Name("descriptor");
        w.StartObject();
        w.Property("createdAt", RawFileMetadata.GoTime(createdAt.ToUnixTimeSeconds() * 1_000_000_000, TimeZoneInfo.Utc));
        if (package.Authors.Count > 0)
        {
            w.Name("authors");
            w.StartArray();
            foreach (var author in package.Authors) w.StringValue(author);
            w.EndArray();
        }
        OptionalProperty(w, "name", package.Name);
        OptionalProperty(w, "version", package.Version);
        var licenses = Licenses(kitfile);
        if (licenses.Count > 0)
        {
            w.Name("licenses");
            w.StartArray();
            foreach (var license in licenses) w.StringValue(license);
            w.EndArray();
        }
        OptionalProperty(w, "title", package.Name);
        OptionalProperty(w, "description", package.Description);
        w.EndObject();

        w.Name("modelfs");
        w.StartObject();
        w.Property("type", "layers");
        w.Name("diffIds");
        if (diffIds.Count == 0)
        {
            w.Null();
        }
        else
        {
            w.StartArray();
            foreach (var diffId in diffIds) w.StringValue(diffId.ToString());
            w.EndArray();
        }
        w.EndObject();

        w.Name("config");
        w.StartObject();
        OptionalProperty(w, "format", kitfile.Model?.Format ?? "");
        w.EndObject();
        w.EndObject();
        return w.ToUtf8Bytes();
    }

    /// <summary>
    /// The licenses model-spec lists: every non-empty license of the package, the model, its parts, the datasets and the
    /// code (KitOps leaves out docs and prompts), in byte order without repeats.
    /// </summary>
    private static List<string> Licenses(Kitfile kitfile)
    {
        IEnumerable<string> all =
        [
            kitfile.Package.License,
            kitfile.Model?.License ?? "",
            .. kitfile.Model?.Parts.Select(p => p.License) ?? [],
            .. kitfile.Datasets.Select(d => d.License),
            .. kitfile.Code.Select(c => c.License),
        ];
        return [.. all.Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private static void OptionalProperty(GoJsonWriter w, string name, string value)
    {
        if (value.Length > 0) w.Property(name, value);
    }

    /// <summary>The <c>modelfs.diffIds</c> of a model-spec config written by any tool.</summary>
    /// <exception cref="KitException">Not a JSON object, or diffIds that are not digests.</exception>
    public static IReadOnlyList<Digest> ReadDiffIds(ReadOnlySpan<byte> config)
    {
        try
        {
            using var doc = JsonDocument.Parse(config.ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new KitException("invalid ModelPack config: not a JSON object");
            if (!doc.RootElement.TryGetProperty("modelfs", out var fs) || fs.ValueKind != JsonValueKind.Object
                || !fs.TryGetProperty("diffIds", out var ids) || ids.ValueKind == JsonValueKind.Null)
                return [];
            if (ids.ValueKind != JsonValueKind.Array)
                throw new KitException("invalid ModelPack config: modelfs.diffIds is not a list");
            return [.. ids.EnumerateArray().Select(ParseDiffId)];
        }
        catch (JsonException e)
        {
            throw new KitException($"invalid ModelPack config: {e.Message}", e);
        }
    }

    private static Digest ParseDiffId(JsonElement id) =>
        id.ValueKind == JsonValueKind.String && Digest.TryParse(id.GetString(), out var digest)
            ? digest
            : throw new KitException($"invalid ModelPack config: diffId {id.GetRawText()} is not a digest");
}
