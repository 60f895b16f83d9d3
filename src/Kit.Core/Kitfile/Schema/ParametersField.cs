using System.Text.Json;
using Kit.Oci.Serialization;

namespace Kit.Core.Kitfiles.Schema;

/// <summary>Free-form <c>parameters</c>; null when absent.</summary>
internal sealed class ParametersField<T>(string name, Func<T, ParameterValue?> get, Func<T, ParameterValue?, T> set) : SchemaField<T>(name)
{
    public override T ReadYaml(T target, YamlTreeNode value, string where) => set(target, YamlParameters.Convert(value));

    public override T ReadJson(T target, JsonElement value, string where) => set(target, KitfileJsonReader.Parameters(value));

    public override void WriteJson(GoJsonWriter w, T source)
    {
        if (get(source) is not { } value) return;
        w.Name(Name);
        KitfileJson.WriteParameter(w, value);
    }

    public override void WriteYaml(YamlViewBuilder b, T source)
    {
        if (get(source) is { } value) b.Add(Name, YamlView.Of(value));
    }
}
