namespace Kit.Core.Store.Migration;

/// <summary>What one migration of KitOps storage did.</summary>
/// <param name="Repositories">Repositories that got at least one ModelKit.</param>
/// <param name="Manifests">(repository, manifest) pairs found, tagged or not.</param>
/// <param name="Tags">Tags found (those already in the index included).</param>
/// <param name="Skipped">Names dropped because their manifest blob is missing.</param>
/// <param name="BlobsMoved">Legacy blobs moved or copied into the shared blobs directory.</param>
/// <param name="BlobsDeduplicated">Legacy blobs the shared store already had.</param>
internal sealed record MigrationReport(int Repositories, int Manifests, int Tags, int Skipped, int BlobsMoved, int BlobsDeduplicated)
{
    public string Summary =>
        $"Migrated {Manifests} ModelKit(s) with {Tags} tag(s) in {Repositories} repository(ies)"
        + (BlobsMoved + BlobsDeduplicated > 0 ? $"; {BlobsMoved} blob(s) moved, {BlobsDeduplicated} duplicate(s) dropped" : "")
        + (Skipped > 0 ? $"; {Skipped} skipped (manifest missing)" : "");
}
