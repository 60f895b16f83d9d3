using Kit.Oci.Content;

namespace Kit.Oci.Layout;

/// <summary>
/// One repository's view of an <see cref="OciLayoutStore"/>: blobs are shared by every repository of the store (each
/// stored once), tags are index.json entries named <c>&lt;repository&gt;:&lt;tag&gt;</c>, and a manifest this
/// repository holds without a tag is an entry with the repository annotation (see <see cref="EntryName"/>).
/// Everything it stores or finds present is added to <paramref name="lease"/>, so GC keeps it until it is named.
/// </summary>
/// <param name="store">The store holding this repository's blobs and index.json.</param>
/// <param name="repository">Fully qualified, e.g. <c>localhost/my-model</c>.</param>
/// <param name="lease">Receives every digest stored or found here; the caller owns and disposes it.</param>
public sealed class OciLayoutRepository(OciLayoutStore store, string repository, StoreLease lease)
    : ITarget, ITagListable, IResumableIngest
{
    /// <summary>The store this repository reads and writes; shared with the store's other repositories.</summary>
    public OciLayoutStore Store { get; } = store;

    /// <summary>The fully qualified repository name, validated on construction.</summary>
    public string Repository { get; } = Names.RequireRepository(repository);

    /// <inheritdoc/>
    public Task<Stream> FetchAsync(Descriptor target, CancellationToken cancellationToken = default) => Store.FetchAsync(target, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>A blob found present is added to the lease, so GC keeps it.</remarks>
    public Task<bool> ExistsAsync(Descriptor target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Store.LeaseIfExistsAsync(lease, target.Digest, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>A blob already stored is only leased, not read again; otherwise it is verified and published under the lease.</remarks>
    public async Task PushAsync(Descriptor expected, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(content);
        if (await Store.LeaseIfExistsAsync(lease, expected.Digest, cancellationToken).ConfigureAwait(false))
            return;
        var writer = Store.BeginBlobWrite(lease, expected.Size);
        await using (writer.ConfigureAwait(false))
        {
            await content.CopyToAsync(writer, cancellationToken).ConfigureAwait(false);
            await writer.CommitAsync(expected.MediaType, expected.Digest, expected.Size, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public Task<BlobWriter?> BeginResumableWriteAsync(Descriptor expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return Store.BeginResumableWriteAsync(expected.Digest, expected.Size, lease, cancellationToken);
    }

    /// <exception cref="ContentNotFoundException">This repository has no such tag, or does not hold that digest.</exception>
    public async Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        var index = await Store.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        return IndexEdits.Resolve(index, Repository, reference)
            ?? throw new ContentNotFoundException(reference, $"{Repository}: {reference} not found in the local store");
    }

    /// <summary>
    /// Names a stored manifest in this repository: a tag moves (the manifest it named stays here, untagged), and the
    /// manifest's own digest as <paramref name="tag"/> keeps it here untagged.
    /// </summary>
    public async Task TagAsync(Descriptor descriptor, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        IReadOnlyCollection<string> tags = Digest.TryParse(tag, out var digest) && digest == descriptor.Digest ? [] : [Names.RequireTag(tag)];
        if (!await Store.LeaseIfExistsAsync(lease, descriptor.Digest, cancellationToken).ConfigureAwait(false))
            throw new BlobNotFoundException(descriptor.Digest, Store.GetBlobPath(descriptor.Digest));
        await Store.UpdateIndexAsync(i => IndexEdits.Tag(i, Repository, descriptor, tags), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>Only this repository's tags, sorted ordinally.</remarks>
    public async Task<IReadOnlyList<string>> ListTagsAsync(CancellationToken cancellationToken = default)
    {
        var index = await Store.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        return [.. IndexEdits.List(index).Where(m => m.Repository == Repository).SelectMany(m => m.Tags).Order(StringComparer.Ordinal)];
    }
}
