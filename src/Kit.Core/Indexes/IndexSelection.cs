namespace Kit.Core.Indexes;

/// <summary>Picks exactly one entry of an index by labels, as <c>kit pull -l</c> and <c>kit unpack -l</c> do.</summary>
internal static class IndexSelection
{
    /// <summary>
    /// The one entry whose labels include every selector pair (label shown as text equals the value). No selector
    /// selects the entry of a one-entry index.
    /// </summary>
    /// <param name="index">The index.</param>
    /// <param name="fullRepository">The index's <c>registry/repository</c>, for listing entries.</param>
    /// <param name="selector">Label key and value pairs.</param>
    /// <exception cref="KitException">The index is empty.</exception>
    /// <exception cref="IndexSelectionException">No entry or several entries match.</exception>
    public static IndexEntry Select(ModelKitIndexDocument index, string fullRepository, IReadOnlyList<KeyValuePair<string, string>> selector)
    {
        if (index.Entries.Count == 0)
            throw new KitException("index contains no ModelKits");
        var matches = index.Entries.Where(e => selector.All(s => e.Labels.TryGetValue(s.Key, out var raw) && IndexLabels.Display(raw) == s.Value)).ToList();
        if (matches.Count == 1)
            return matches[0];
        if (matches.Count == 0)
        {
            var wanted = string.Join(", ", selector.Select(s => $"{s.Key}={s.Value}"));
            throw new IndexSelectionException($"no ModelKit in the index has {wanted}. The index contains:", Lines(index.Entries, fullRepository));
        }
        throw new IndexSelectionException($"{matches.Count} ModelKits in the index match; add labels to select one of:", Lines(matches, fullRepository));
    }

    private static List<string> Lines(IEnumerable<IndexEntry> entries, string fullRepository) =>
        entries.Select(e => $"{e.Shown(fullRepository)}  ({(e.Labels.Count == 0 ? "no labels" : string.Join(", ", e.LabelPairs()))})").ToList();
}
