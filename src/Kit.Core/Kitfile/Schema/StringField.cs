using System.Text.Json;
using Kit.Oci.Serialization;

namespace Kit.Core.Kitfiles.Schema;

/// <summary>A string; empty means unset and is left out, unless Go declares the field without omitempty.</summary>
internal sealed class StringField<T>(string name, Func<T, string> get, Func<T, string, T> set, bool omitEmpty = true) : SchemaField<T>(name)
{
    public override T ReadYaml(T target, YamlTreeNode value, string where) => set(target, KitfileYamlReader.StringValue(value, where));

    public override T ReadJson(T target, JsonElement value, string where) => set(target, KitfileJsonReader.StringValue(value, where));

    public override void WriteJson(GoJsonWriter w, T source)
    {
        var value = get(source);
        if (!omitEmpty || value.Length > 0) w.Property(Name, value);
    }

    public override void WriteYaml(YamlViewBuilder b, T source)
    {
        if (omitEmpty) b.StringValue(Name, get(source));
        else b.Add(Name, new YamlViewString(get(source)));
    }
}
