using System.Text.Json;
using Kit.Oci.Serialization;

namespace Kit.Core.Kitfiles.Schema;

/// <summary>The fields of one Kitfile object, in output order, and how each format walks them.</summary>
internal sealed class SchemaObject<T>(params SchemaField<T>[] fields) where T : new()
{
    private readonly string[] _yamlNames = [.. fields.Where(f => f.InYaml).Select(f => f.Name)];
    private readonly string[] _jsonKeys = [.. fields.Select(f => f.Name.ToLowerInvariant())];

    public T ReadYaml(YamlTreeNode node, string path)
    {
        var target = new T();
        foreach (var (key, value) in KitfileYamlReader.Fields(node, path.Length == 0 ? "the Kitfile" : path, _yamlNames))
            target = fields.First(f => f.Name == key).ReadYaml(target, value, path.Length == 0 ? key : $"{path}.{key}");
        return target;
    }

    /// <summary>Unknown keys are ignored and the last duplicate wins, as in Go's encoding/json.</summary>
    public T ReadJson(JsonElement e, string path)
    {
        var target = new T();
        foreach (var (key, value) in KitfileJsonReader.Object(e, path.Length == 0 ? "config" : path))
        {
            var i = Array.IndexOf(_jsonKeys, key);
            if (i < 0) continue;
            target = fields[i].ReadJson(target, value, path.Length == 0 ? fields[i].Name : $"{path}.{key}");
        }
        return target;
    }

    public void WriteJson(GoJsonWriter w, T source)
    {
        w.StartObject();
        foreach (var field in fields) field.WriteJson(w, source);
        w.EndObject();
    }

    public YamlViewMapping WriteYaml(T source, bool keepEmpty)
    {
        var b = new YamlViewBuilder(keepEmpty);
        foreach (var field in fields.Where(f => f.InYaml)) field.WriteYaml(b, source);
        return b.Build();
    }
}
