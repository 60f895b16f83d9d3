namespace Kit.Core.Kitfiles;

/// <summary>The shape the YAML writer emits: what yaml.v3 sees after applying struct tags.</summary>
internal abstract record YamlViewNode;

/// <summary>A string, quoted as needed so that it re-reads as the same string.</summary>
internal sealed record YamlViewString(string Value) : YamlViewNode;

/// <summary>A plain scalar written verbatim: numbers, booleans, null.</summary>
internal sealed record YamlViewRaw(string Text) : YamlViewNode;

internal sealed record YamlViewSequence(IReadOnlyList<YamlViewNode> Items, bool Flow = false) : YamlViewNode;

internal sealed record YamlViewMapping(IReadOnlyList<KeyValuePair<string, YamlViewNode>> Entries) : YamlViewNode;

/// <summary>Builds the view of a Kitfile with KitOps' yaml tags (field order, omitempty, flow authors, no digests).</summary>
internal static class YamlView
{
    /// <param name="k">The Kitfile to show.</param>
    /// <param name="keepEmpty">
    /// Keep empty fields of present sections (used by <c>info --filter</c>, where Go finds a struct field even
    /// when it is empty); absent sections (no model, no parameters) are still left out.
    /// </param>
    public static YamlViewMapping Of(Kitfile k, bool keepEmpty = false) => KitfileSchema.Root.WriteYaml(k, keepEmpty);

    public static YamlViewNode Of(ParameterValue value) => value switch
    {
        ParameterNull => new YamlViewRaw("null"),
        ParameterBool b => new YamlViewRaw(b.Value ? "true" : "false"),
        // "-0" would re-read as the integer 0; KitOps loses the sign here, we keep it.
        ParameterNumber n => new YamlViewRaw(n.Json == "-0" ? "-0.0" : n.Json),
        ParameterString s => new YamlViewString(s.Value),
        ParameterArray a => new YamlViewSequence(a.Items.Select(Of).ToList()),
        ParameterObject o => new YamlViewMapping(o.Properties.Select(p => new KeyValuePair<string, YamlViewNode>(p.Name, Of(p.Value))).ToList()),
        _ => throw new InvalidOperationException("unknown parameter value"),
    };
}
