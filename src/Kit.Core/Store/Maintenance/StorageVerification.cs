namespace Kit.Core.Store.Maintenance;

/// <summary>The result of <c>kit storage verify</c>.</summary>
/// <param name="Blobs">Blobs re-hashed.</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="ModelKits">(repository, manifest) pairs whose blobs were checked.</param>
/// <param name="Problems">Each problem found; empty when the store is sound.</param>
internal sealed record StorageVerification(int Blobs, long Bytes, int ModelKits, IReadOnlyList<StorageProblem> Problems);
