namespace Kit.Core.Kitfiles;

/// <summary>
/// Duplicate-key checking and <c>&lt;&lt;</c> merge keys, as yaml.v3 applies them: a key may appear once
/// per mapping (compared by text, so <c>1</c> and <c>"1"</c> collide); merged keys never override
/// explicit ones, and among several merged mappings the first wins.
/// </summary>
internal static class YamlMerge
{
    private const int MaxMergeDepth = 64;

    public static List<KeyValuePair<YamlTreeNode, YamlTreeNode>> Pairs(YamlTreeMapping mapping) => Pairs(mapping, 0);

    private static List<KeyValuePair<YamlTreeNode, YamlTreeNode>> Pairs(YamlTreeMapping mapping, int depth)
    {
        if (depth > MaxMergeDepth)
            throw KitfileException.At(mapping.Line, mapping.Column, "merge keys nested too deeply");
        var explicitPairs = new List<KeyValuePair<YamlTreeNode, YamlTreeNode>>();
        var merged = new List<KeyValuePair<YamlTreeNode, YamlTreeNode>>();
        var seen = new Dictionary<(string Kind, string Text), YamlTreeNode>();
        foreach (var pair in mapping.Pairs)
        {
            var identity = Identity(pair.Key);
            if (identity is { } id)
            {
                if (seen.TryGetValue(id, out var first))
                    throw KitfileException.At(pair.Key.Line, pair.Key.Column,
                        $"mapping key \"{id.Text}\" already defined at line {first.Line}");
                seen[id] = pair.Key;
            }
            if (pair.Key is YamlTreeScalar { IsPlainUntagged: true, Value: "<<" })
            {
                merged.AddRange(MergeSources(pair.Value, depth));
                continue;
            }
            explicitPairs.Add(pair);
        }
        if (merged.Count == 0) return explicitPairs;

        var present = new HashSet<string>(explicitPairs.Select(p => Identity(p.Key)?.Text ?? "\0"), StringComparer.Ordinal);
        foreach (var pair in merged)
        {
            if (Identity(pair.Key) is { } id && present.Add(id.Text)) explicitPairs.Add(pair);
        }
        return explicitPairs;
    }

    private static IEnumerable<KeyValuePair<YamlTreeNode, YamlTreeNode>> MergeSources(YamlTreeNode value, int depth) => value switch
    {
        YamlTreeMapping m => Pairs(m, depth + 1),
        YamlTreeSequence s when s.Items.All(i => i is YamlTreeMapping) =>
            s.Items.SelectMany(i => Pairs((YamlTreeMapping)i, depth + 1)),
        _ => throw KitfileException.At(value.Line, value.Column, "map merge requires map or sequence of maps as the value"),
    };

    private static (string Kind, string Text)? Identity(YamlTreeNode key) =>
        key is YamlTreeScalar s ? ("scalar", s.Value) : null;
}
