using System.Text.Json;
using Kit.Oci.Serialization;

namespace Kit.Core.Kitfiles.Schema;

/// <summary>A list of strings (<c>authors</c>), written in YAML flow style as KitOps' yaml tag asks.</summary>
internal sealed class StringListField<T>(string name, Func<T, EquatableList<string>> get, Func<T, EquatableList<string>, T> set) : SchemaField<T>(name)
{
    public override T ReadYaml(T target, YamlTreeNode value, string where) =>
        set(target, KitfileYamlReader.List(value, where, KitfileYamlReader.StringValue));

    public override T ReadJson(T target, JsonElement value, string where) =>
        set(target, KitfileJsonReader.Array(value, where, KitfileJsonReader.StringValue));

    public override void WriteJson(GoJsonWriter w, T source) =>
        KitfileJson.WriteArray(w, Name, get(source), (w2, s) => w2.StringValue(s));

    public override void WriteYaml(YamlViewBuilder b, T source)
    {
        var items = get(source);
        if (b.KeepEmpty || !items.IsEmpty)
            b.Add(Name, new YamlViewSequence([.. items.Select(a => (YamlViewNode)new YamlViewString(a))], Flow: true));
    }
}
