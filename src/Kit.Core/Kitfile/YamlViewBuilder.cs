namespace Kit.Core.Kitfiles;

/// <summary>Collects the entries of one YAML view mapping, applying omitempty unless empty fields are kept.</summary>
/// <param name="keepEmpty">Keep empty fields (see <see cref="YamlView.Of(Kitfile, bool)"/>).</param>
internal sealed class YamlViewBuilder(bool keepEmpty)
{
    private readonly List<KeyValuePair<string, YamlViewNode>> _entries = [];

    public bool KeepEmpty => keepEmpty;

    public void Add(string key, YamlViewNode value) => _entries.Add(new(key, value));

    public void StringValue(string key, string value)
    {
        if (keepEmpty || value.Length > 0) Add(key, new YamlViewString(value));
    }

    public void List<T>(string key, EquatableList<T> items, Func<T, YamlViewNode> map)
    {
        if (keepEmpty || !items.IsEmpty) Add(key, new YamlViewSequence(items.Select(map).ToList()));
    }

    public YamlViewMapping Build() => new(_entries);
}
