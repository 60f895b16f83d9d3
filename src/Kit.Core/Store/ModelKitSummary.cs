using System.Text.Json;

namespace Kit.Core.Store;

/// <summary>What <c>kit list</c> shows of a config: the package name and first author, wherever the kit is stored.</summary>
internal static class ModelKitSummary
{
    public static (string? Name, string? Author) NameAndAuthor(byte[] config)
    {
        try
        {
            using var doc = JsonDocument.Parse(config, Kit.Oci.Serialization.GoJsonDepth.DocumentOptions);
            if (!doc.RootElement.TryGetProperty("package", out var package) || package.ValueKind != JsonValueKind.Object)
                return (null, null);
            var name = package.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var author = package.TryGetProperty("authors", out var a) && a.ValueKind == JsonValueKind.Array && a.GetArrayLength() > 0 && a[0].ValueKind == JsonValueKind.String
                ? a[0].GetString() : null;
            return (string.IsNullOrEmpty(name) ? null : name, string.IsNullOrEmpty(author) ? null : author);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
