using System.Text;
using System.Text.Json;
using Kit.Core.Client;
using Kit.Core.Comparison;
using Kit.Core.Formatting;
using Kit.Oci;

namespace Kit.Cli.Output;

/// <summary>What <c>kit diff</c> prints: KitOps's text report, or the same facts as JSON.</summary>
internal sealed class DiffOutput(string firstReference, ModelKitDetails first, string secondReference, ModelKitDetails second, ModelKitComparison comparison)
{
    private const string Rule = "---------------------------------------";

    /// <summary>KitOps's lines, word for word (it capitalises the first letter of every line, so layer types read <c>Model</c>).</summary>
    public void WriteText(TextWriter output)
    {
        if (first.Digest == second.Digest)
        {
            output.WriteLine("ModelKits are identical");
            return;
        }
        var text = new StringBuilder();
        text.Append("Comparing:\n")
            .Append($"  ModelKit1: {firstReference}\n")
            .Append($"  ModelKit2: {secondReference}\n\n")
            .Append("Configurations:\n").Append(Rule).Append('\n');
        if (comparison.SameConfig)
            text.Append($"  Configs are identical (Digest: {Short(first.Manifest.Config.Digest)})\n\n");
        else
            text.Append("Configs differ:\n")
                .Append($"  ModelKit1 Config Digest: {Short(first.Manifest.Config.Digest)}\n")
                .Append($"  ModelKit2 Config Digest: {Short(second.Manifest.Config.Digest)}\n\n");
        text.Append("Annotations:\n").Append(Rule).Append('\n')
            .Append(comparison.AnnotationsMatch ? "  Annotations are identical \n\n" : "  Annotations does not match\n\n");
        Layers(text, "Shared Layers", comparison.Shared);
        Layers(text, $"Unique Layers to ModelKit1 ({firstReference})", comparison.UniqueToFirst);
        Layers(text, $"Unique Layers to ModelKit2 ({secondReference})", comparison.UniqueToSecond);
        output.Write(text.ToString());
    }

    public void WriteJson(TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("identical", first.Digest == second.Digest);
            ModelKit(w, "modelKit1", firstReference, first);
            ModelKit(w, "modelKit2", secondReference, second);
            w.WriteBoolean("sameConfig", comparison.SameConfig);
            w.WriteBoolean("sameAnnotations", comparison.AnnotationsMatch);
            LayerArray(w, "sharedLayers", comparison.Shared);
            LayerArray(w, "uniqueLayers1", comparison.UniqueToFirst);
            LayerArray(w, "uniqueLayers2", comparison.UniqueToSecond);
            w.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void Layers(StringBuilder text, string title, IReadOnlyList<Descriptor> layers)
    {
        text.Append(title).Append('\n').Append(Rule).Append('\n');
        if (layers.Count == 0) text.Append("<none>\n");
        else
        {
            text.Append("Type    | Digest             | Size\n");
            foreach (var layer in layers)
                text.Append(Capitalized($"{ModelKitComparison.TypeOf(layer.MediaType),-7} | {Short(layer.Digest),-18} | {SizeFormatter.Format(layer.Size)}")).Append('\n');
        }
        text.Append('\n');
    }

    private static void ModelKit(Utf8JsonWriter w, string name, string reference, ModelKitDetails kit)
    {
        w.WriteStartObject(name);
        w.WriteString("reference", reference);
        w.WriteString("digest", kit.Digest.ToString());
        w.WriteString("configDigest", kit.Manifest.Config.Digest.ToString());
        w.WriteEndObject();
    }

    private static void LayerArray(Utf8JsonWriter w, string name, IReadOnlyList<Descriptor> layers)
    {
        w.WriteStartArray(name);
        foreach (var layer in layers)
        {
            w.WriteStartObject();
            w.WriteString("type", ModelKitComparison.TypeOf(layer.MediaType));
            w.WriteString("mediaType", layer.MediaType);
            w.WriteString("digest", layer.Digest.ToString());
            w.WriteNumber("size", layer.Size);
            if (layer.Annotations?.GetValueOrDefault(ModelKitComparison.FilePathAnnotation) is { } path)
                w.WriteString("path", path);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The first 17 characters of a digest (<c>sha256:</c> and ten hex digits), as KitOps shows them.</summary>
    private static string Short(Digest digest) => digest.ToString()[..17];

    private static string Capitalized(string line) => line.Length == 0 ? line : char.ToUpperInvariant(line[0]) + line[1..];
}
