using System.Text.Json;
using Kit.Oci.Serialization;

namespace Kit.Core.Kitfiles.Schema;

/// <summary>
/// A nested object. A nullable one (<c>model</c>) is null when absent or null and written only when present; the
/// other (<c>package</c>) reads null as empty, is always in JSON (a Go struct value) and left out of YAML when empty.
/// </summary>
internal sealed class ObjectField<T, TChild>(string name, Func<T, TChild?> get, Func<T, TChild?, T> set, SchemaObject<TChild> schema, bool nullable)
    : SchemaField<T>(name) where TChild : class, new()
{
    public override T ReadYaml(T target, YamlTreeNode value, string where) =>
        set(target, nullable && value is YamlTreeScalar { IsNull: true } ? null : schema.ReadYaml(value, where));

    public override T ReadJson(T target, JsonElement value, string where) =>
        set(target, nullable && value.ValueKind == JsonValueKind.Null ? null : schema.ReadJson(value, where));

    public override void WriteJson(GoJsonWriter w, T source)
    {
        var value = get(source);
        if (value is null && nullable) return;
        w.Name(Name);
        schema.WriteJson(w, value ?? new TChild());
    }

    public override void WriteYaml(YamlViewBuilder b, T source)
    {
        var value = get(source);
        if (value is null && nullable) return;
        value ??= new TChild();
        // yaml.v3's omitempty leaves out a struct whose fields are all empty.
        if (!nullable && !b.KeepEmpty && value.Equals(new TChild())) return;
        b.Add(Name, schema.WriteYaml(value, b.KeepEmpty));
    }
}
