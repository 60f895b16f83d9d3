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
    /// <param name="keepEmpty">
    /// Keep empty fields of present sections (used by <c>info --filter</c>, where Go finds a struct field even
    /// when it is empty); absent sections (no model, no parameters) are still left out.
    /// </param>
    public static YamlViewMapping Of(Kitfile k, bool keepEmpty = false)
    {
        var b = new Builder(keepEmpty);
        b.Always("manifestVersion", new YamlViewString(k.ManifestVersion));
        if (keepEmpty || !k.Package.IsEmpty) b.Add("package", Package(k.Package, keepEmpty));
        if (k.Model is { } m) b.Add("model", Model(m, keepEmpty));
        b.List("code", k.Code, c => Code(c, keepEmpty));
        b.List("datasets", k.Datasets, d => Dataset(d, keepEmpty));
        b.List("docs", k.Docs, d => Docs(d, keepEmpty));
        return b.Build();
    }

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

    private static YamlViewMapping Package(PackageSection p, bool keepEmpty)
    {
        var b = new Builder(keepEmpty);
        b.String("name", p.Name);
        b.String("version", p.Version);
        b.String("description", p.Description);
        b.String("license", p.License);
        if (keepEmpty || !p.Authors.IsEmpty)
            b.Add("authors", new YamlViewSequence(p.Authors.Select(a => (YamlViewNode)new YamlViewString(a)).ToList(), Flow: true));
        return b.Build();
    }

    private static YamlViewMapping Model(ModelSection m, bool keepEmpty)
    {
        var b = new Builder(keepEmpty);
        b.String("name", m.Name);
        b.String("path", m.Path);
        b.String("license", m.License);
        b.String("framework", m.Framework);
        b.String("format", m.Format);
        b.String("version", m.Version);
        b.String("description", m.Description);
        b.List("parts", m.Parts, p => Part(p, keepEmpty));
        if (m.Parameters is { } parameters) b.Add("parameters", Of(parameters));
        return b.Build();
    }

    private static YamlViewMapping Part(ModelPart p, bool keepEmpty)
    {
        var b = new Builder(keepEmpty);
        b.String("name", p.Name);
        b.String("path", p.Path);
        b.String("license", p.License);
        b.String("type", p.Type);
        return b.Build();
    }

    private static YamlViewMapping Code(CodeEntry c, bool keepEmpty)
    {
        var b = new Builder(keepEmpty);
        b.String("path", c.Path);
        b.String("description", c.Description);
        b.String("license", c.License);
        return b.Build();
    }

    private static YamlViewMapping Dataset(DatasetEntry d, bool keepEmpty)
    {
        var b = new Builder(keepEmpty);
        b.String("name", d.Name);
        b.String("path", d.Path);
        b.String("description", d.Description);
        b.String("license", d.License);
        if (d.Parameters is { } parameters) b.Add("parameters", Of(parameters));
        return b.Build();
    }

    private static YamlViewMapping Docs(DocsEntry d, bool keepEmpty)
    {
        var b = new Builder(keepEmpty);
        // KitOps declares docs.path without omitempty, in YAML as in JSON.
        b.Always("path", new YamlViewString(d.Path));
        b.String("description", d.Description);
        return b.Build();
    }

    private sealed class Builder(bool keepEmpty)
    {
        private readonly List<KeyValuePair<string, YamlViewNode>> _entries = [];

        public void Always(string key, YamlViewNode value) => _entries.Add(new(key, value));
        public void Add(string key, YamlViewNode value) => _entries.Add(new(key, value));

        public void String(string key, string value)
        {
            if (keepEmpty || value.Length > 0) Add(key, new YamlViewString(value));
        }

        public void List<T>(string key, EquatableList<T> items, Func<T, YamlViewNode> map)
        {
            if (keepEmpty || !items.IsEmpty) Add(key, new YamlViewSequence(items.Select(map).ToList()));
        }

        public YamlViewMapping Build() => new(_entries);
    }
}
