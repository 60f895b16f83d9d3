namespace Kit.Core.Packing;

/// <summary>What a layer will contain, decided before any byte is written.</summary>
/// <param name="LayerPath">The cleaned layer path.</param>
/// <param name="Entries">Entries in archive order.</param>
/// <param name="LayerPathIgnored">The layer path itself matches <c>.kitignore</c> (KitOps warns and continues).</param>
/// <param name="Warnings">Things skipped that the user should hear about (e.g. symlinks).</param>
internal sealed record LayerPlan(string LayerPath, IReadOnlyList<LayerEntry> Entries, bool LayerPathIgnored, IReadOnlyList<string> Warnings)
{
    /// <summary>Sum of the planned sizes of regular files.</summary>
    public long TotalFileSize { get; } = Entries.Where(e => !e.IsDirectory).Sum(e => e.Size);

    /// <summary>KitOps warns <c>No files detected in &lt;type&gt; layer with path &lt;p&gt;</c> in this case, and still packs.</summary>
    public bool NoFilesDetected => TotalFileSize == 0;
}
