using System.Globalization;
using System.Text;
using System.Text.Json;
using Kit.Oci;

namespace Kit.Core.Importing;

/// <summary>
/// The SLSA Provenance v1 predicate of an import (<c>kit import --attestation-output</c>), in KitOps's shape: the
/// source repository (<c>hf://org/repo</c>, or the git URL without credentials) and commit, the digest of the Kitfile config, who built it and when. Meant for
/// <c>cosign attest --predicate</c>.
/// </summary>
internal sealed record ImportProvenance(string SourceUri, string Commit, Digest ConfigDigest, string KitVersion,
    DateTimeOffset StartedOn, DateTimeOffset FinishedOn)
{
    /// <summary>Indented JSON (two spaces, objects' keys in KitOps's order, maps' keys sorted) and a final newline.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("buildDefinition");
            w.WriteString("buildType", "https://kitops.org/import/v1");
            w.WriteStartObject("externalParameters");
            w.WriteStartObject("kitfile");
            w.WriteStartObject("digest");
            w.WriteString("sha256", ConfigDigest.Hex);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("source");
            w.WriteString("uri", SourceUri);
            w.WriteStartObject("digest");
            w.WriteString("gitCommit", Commit);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("resolvedDependencies");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("runDetails");
            w.WriteStartObject("builder");
            w.WriteString("id", "https://kitops.org/kit");
            w.WriteStartObject("version");
            w.WriteString("dotnet", Environment.Version.ToString());
            w.WriteString("kit", KitVersion);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("metadata");
            w.WriteString("invocationId", Guid.NewGuid().ToString("D"));
            w.WriteString("startedOn", Timestamp(StartedOn));
            w.WriteString("finishedOn", Timestamp(FinishedOn));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>RFC 3339 in UTC with the fraction's trailing zeros dropped, as Go's RFC3339Nano writes it.</summary>
    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
