namespace Kit.Core.Kitfiles;

/// <summary>
/// Strict mapping of a YAML tree onto the Kitfile schema, mirroring yaml.v3 with KnownFields(true):
/// unknown and duplicate keys fail, as do type mismatches; scalars are taken as text where the schema
/// says string. Every error names the line and column of the offending node.
/// </summary>
internal static class KitfileYamlReader
{
    public static Kitfile Read(string text)
    {
        var root = YamlTree.LoadFirstDocument(text);
        if (root is null || root is YamlTreeScalar { IsNull: true })
            throw new KitfileException("Kitfile is empty: expected a YAML mapping with at least manifestVersion");
        return KitfileSchema.Root.ReadYaml(root, "");
    }

    public static string StringValue(YamlTreeNode node, string where)
    {
        if (node is not YamlTreeScalar scalar)
            throw KitfileException.At(node.Line, node.Column, $"{where} must be a string, found a {node.KindName}");
        return scalar.IsNull ? "" : scalar.Value;
    }

    public static EquatableList<T> List<T>(YamlTreeNode node, string where, Func<YamlTreeNode, string, T> item)
    {
        if (node is YamlTreeScalar { IsNull: true }) return EquatableList<T>.Empty;
        if (node is not YamlTreeSequence sequence)
            throw KitfileException.At(node.Line, node.Column, $"{where} must be a list, found a {node.KindName}");
        return new EquatableList<T>(sequence.Items.Select((n, i) => item(n, $"{where}[{i}]")));
    }

    /// <summary>The key/value pairs of a schema object, after merge keys, rejecting unknown and duplicate keys.</summary>
    public static IEnumerable<(string Key, YamlTreeNode Value)> Fields(YamlTreeNode node, string section, string[] allowed)
    {
        if (node is YamlTreeScalar { IsNull: true }) yield break;
        if (node is not YamlTreeMapping mapping)
            throw KitfileException.At(node.Line, node.Column, $"{section} must be a mapping, found a {node.KindName}");
        foreach (var (keyNode, value) in YamlMerge.Pairs(mapping))
        {
            if (keyNode is not YamlTreeScalar { } key)
                throw KitfileException.At(keyNode.Line, keyNode.Column, $"a {keyNode.KindName} cannot be a key in {section}");
            if (Array.IndexOf(allowed, key.Value) < 0)
            {
                var message = key.Value is "digest" or "diffId"
                    ? $"field '{key.Value}' in {section} is computed by kit pack and cannot be set in a Kitfile"
                    : $"unknown field '{key.Value}' in {section} (expected one of: {string.Join(", ", allowed)})";
                throw KitfileException.At(key.Line, key.Column, message);
            }
            yield return (key.Value, value);
        }
    }
}
