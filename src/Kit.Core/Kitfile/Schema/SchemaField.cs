using System.Text.Json;
using Kit.Oci.Serialization;

namespace Kit.Core.Kitfiles.Schema;

/// <summary>
/// One field of a Kitfile object (<typeparamref name="T"/>), as every format sees it: the strict YAML reader, the
/// lenient config JSON reader, the Go-exact JSON writer and the YAML view. Fields are listed in Go struct order,
/// which is the order of both outputs.
/// </summary>
internal abstract class SchemaField<T>(string name)
{
    /// <summary>The key, exactly as written in YAML and JSON output.</summary>
    public string Name { get; } = name;

    /// <summary>False for what only packing sets (digest, diffId): the config has it, a Kitfile may not.</summary>
    public virtual bool InYaml => true;

    public abstract T ReadYaml(T target, YamlTreeNode value, string where);

    public abstract T ReadJson(T target, JsonElement value, string where);

    public abstract void WriteJson(GoJsonWriter w, T source);

    public abstract void WriteYaml(YamlViewBuilder b, T source);
}
