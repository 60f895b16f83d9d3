namespace Kit.Core.Kitfiles;

/// <summary>
/// Converts free-form YAML (<c>parameters</c>) to a JSON value tree the way KitOps does: yaml.v3 decodes
/// into <c>interface{}</c> and encoding/json writes the result. Keys must resolve to strings and
/// <c>.inf</c>/<c>.nan</c> are rejected, because encoding/json fails on both.
/// </summary>
internal static class YamlParameters
{
    // Aliases can make a tiny document expand exponentially ("billion laughs"); yaml.v3 guards too.
    private const int MaxNodes = 1_000_000;

    /// <summary>Returns null for a top-level null, which KitOps omits from the config.</summary>
    public static ParameterValue? Convert(YamlTreeNode node)
    {
        var budget = MaxNodes;
        var value = Convert(node, ref budget);
        return value is ParameterNull ? null : value;
    }

    private static ParameterValue Convert(YamlTreeNode node, ref int budget)
    {
        if (--budget < 0)
            throw KitfileException.At(node.Line, node.Column, "parameters expand to too many nodes (alias expansion limit)");
        switch (node)
        {
            case YamlTreeScalar scalar:
                return Scalar(scalar);
            case YamlTreeSequence sequence:
            {
                var items = new List<ParameterValue>(sequence.Items.Count);
                foreach (var item in sequence.Items) items.Add(Convert(item, ref budget));
                return new ParameterArray(new EquatableList<ParameterValue>(items));
            }
            case YamlTreeMapping mapping:
            {
                var properties = new List<ParameterProperty>();
                foreach (var (key, value) in YamlMerge.Pairs(mapping))
                    properties.Add(new ParameterProperty(Key(key), Convert(value, ref budget)));
                return new ParameterObject(properties);
            }
            default:
                throw new InvalidOperationException("unknown YAML node");
        }
    }

    private static string Key(YamlTreeNode key)
    {
        if (key is YamlTreeScalar scalar && (Scalar(scalar) is ParameterString s))
            return s.Value;
        var what = key is YamlTreeScalar k ? $"'{k.Value}' (a {Describe(Scalar(k))})" : $"a {key.KindName}";
        throw KitfileException.At(key.Line, key.Column, $"parameter keys must be strings, found {what}");
    }

    private static string Describe(ParameterValue v) => v switch
    {
        ParameterNull => "null",
        ParameterBool => "boolean",
        ParameterNumber => "number",
        _ => "string",
    };

    private static ParameterValue Scalar(YamlTreeScalar scalar)
    {
        if (!scalar.IsPlainUntagged)
            return scalar.Tag is null or YamlTree.StrTag || !scalar.Tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal)
                ? new ParameterString(scalar.Value)
                : Tagged(scalar);
        var resolved = YamlPlainScalar.Resolve(scalar.Value);
        return resolved.Kind switch
        {
            YamlScalarKind.Float when resolved.Value is null =>
                throw KitfileException.At(scalar.Line, scalar.Column, $"parameter value {scalar.Value} is not representable in JSON"),
            YamlScalarKind.String or YamlScalarKind.Timestamp => new ParameterString(scalar.Value),
            _ => resolved.Value!,
        };
    }

    /// <summary>An explicit standard tag (<c>!!int 0x10</c>): the text must resolve to that type.</summary>
    private static ParameterValue Tagged(YamlTreeScalar scalar)
    {
        var expected = scalar.Tag!["tag:yaml.org,2002:".Length..];
        var resolved = YamlPlainScalar.Resolve(scalar.Value);
        var actual = resolved.Kind switch
        {
            YamlScalarKind.Null => "null",
            YamlScalarKind.Bool => "bool",
            YamlScalarKind.Int => "int",
            YamlScalarKind.Float => "float",
            YamlScalarKind.Timestamp => "timestamp",
            _ => "str",
        };
        if (expected == "timestamp" && actual == "timestamp") return new ParameterString(scalar.Value);
        // yaml.v3 accepts an integer where !!float is asked for.
        if (expected == "float" && actual == "int")
            return ParameterNumber.FromFloat(double.Parse(resolved.Value!.ToString()!, System.Globalization.CultureInfo.InvariantCulture));
        if (expected != actual || resolved.Kind == YamlScalarKind.Float && resolved.Value is null)
            throw KitfileException.At(scalar.Line, scalar.Column, $"cannot decode '{scalar.Value}' as !!{expected}");
        return resolved.Value!;
    }
}
