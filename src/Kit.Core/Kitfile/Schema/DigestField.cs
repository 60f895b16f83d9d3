using System.Text.Json;
using Kit.Oci;
using Kit.Oci.Serialization;

namespace Kit.Core.Kitfiles.Schema;

/// <summary><c>digest</c> or <c>diffId</c> of an entry's layer: set by packing, in the config only.</summary>
internal sealed class DigestField<T>(string name, Func<T, Digest?> get, Func<T, Digest?, T> set) : SchemaField<T>(name)
{
    public override bool InYaml => false;

    public override T ReadYaml(T target, YamlTreeNode value, string where) =>
        throw new InvalidOperationException($"{Name} is not read from YAML");

    public override T ReadJson(T target, JsonElement value, string where) => set(target, KitfileJsonReader.DigestOf(value, where));

    public override void WriteJson(GoJsonWriter w, T source)
    {
        if (get(source) is { } digest) w.Property(Name, digest.ToString());
    }

    public override void WriteYaml(YamlViewBuilder b, T source) { }
}
