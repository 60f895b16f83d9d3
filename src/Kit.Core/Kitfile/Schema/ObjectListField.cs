using System.Text.Json;
using Kit.Oci.Serialization;

namespace Kit.Core.Kitfiles.Schema;

/// <summary>A list of objects (a layer section such as <c>code</c> or <c>model.parts</c>); left out when empty.</summary>
internal sealed class ObjectListField<T, TItem>(string name, Func<T, EquatableList<TItem>> get, Func<T, EquatableList<TItem>, T> set, SchemaObject<TItem> schema)
    : SchemaField<T>(name) where TItem : new()
{
    public override T ReadYaml(T target, YamlTreeNode value, string where) =>
        set(target, KitfileYamlReader.List(value, where, schema.ReadYaml));

    public override T ReadJson(T target, JsonElement value, string where) =>
        set(target, KitfileJsonReader.Array(value, where, schema.ReadJson));

    public override void WriteJson(GoJsonWriter w, T source) => KitfileJson.WriteArray(w, Name, get(source), schema.WriteJson);

    public override void WriteYaml(YamlViewBuilder b, T source) => b.List(Name, get(source), item => schema.WriteYaml(item, b.KeepEmpty));
}
