using Kit.Core.Indexes;
using Kit.Core.References;
using Kit.Core.Transfer;

namespace Kit.Core.Client;

// ModelKit indexes (kit index): one name for several variants of a model (quantizations, hardware), each picked by labels.
public sealed partial class KitClient
{
    /// <summary>Creates an empty ModelKit index in the local store (<c>kit index create</c>).</summary>
    /// <param name="index">The index, <c>[registry/]repository:tag</c>.</param>
    /// <param name="cancellationToken">Stops the operation.</param>
    /// <returns>The index's reference and digest.</returns>
    /// <exception cref="KitException">An index of that name exists, or the reference has no tag.</exception>
    public async Task<ModelKitResult> CreateIndexAsync(string index, CancellationToken cancellationToken = default)
    {
        var parsed = Parse(index, "index");
        var created = await (await IndexesAsync(null).ConfigureAwait(false)).CreateAsync(parsed, cancellationToken).ConfigureAwait(false);
        return new ModelKitResult(parsed.ToString(), created.Digest);
    }

    /// <summary>
    /// Adds a ModelKit of the index's repository to a local index, or changes the labels of the entry it has
    /// (<c>kit index add -l</c>).
    /// </summary>
    /// <param name="index">The index, <c>[registry/]repository:tag</c>.</param>
    /// <param name="modelKit">The ModelKit, in the same repository, by tag or digest.</param>
    /// <param name="labels">Labels to set: each value is taken as a string (<c>quantization</c> = <c>q4_0</c>); null sets none.</param>
    /// <param name="remote">Read the ModelKit from its registry instead of the local store.</param>
    /// <param name="cancellationToken">Stops the operation.</param>
    /// <returns>The index's reference and new digest.</returns>
    public async Task<ModelKitResult> AddToIndexAsync(string index, string modelKit, IReadOnlyDictionary<string, string>? labels = null, bool remote = false,
        CancellationToken cancellationToken = default)
    {
        var parsed = Parse(index, "index");
        var edits = IndexLabels.ParseLabelEdits((labels ?? new Dictionary<string, string>()).Select(l => $"{l.Key}={l.Value}"));
        var saved = await (await IndexesAsync(null).ConfigureAwait(false))
            .AddAsync(parsed, Parse(modelKit, "ModelKit"), remote, edits, [], cancellationToken).ConfigureAwait(false);
        return new ModelKitResult(parsed.ToString(), saved.Digest);
    }

    /// <summary>Drops a ModelKit from a local index (<c>kit index remove</c>); the ModelKit itself stays.</summary>
    /// <param name="index">The index, <c>[registry/]repository:tag</c>.</param>
    /// <param name="modelKit">The entry: a digest, or a tag of the local store.</param>
    /// <param name="cancellationToken">Stops the operation.</param>
    /// <returns>The index's reference and new digest.</returns>
    public async Task<ModelKitResult> RemoveFromIndexAsync(string index, string modelKit, CancellationToken cancellationToken = default)
    {
        var parsed = Parse(index, "index");
        var (_, saved) = await (await IndexesAsync(null).ConfigureAwait(false)).RemoveAsync(parsed, modelKit, cancellationToken).ConfigureAwait(false);
        return new ModelKitResult(parsed.ToString(), saved.Digest);
    }

    /// <summary>
    /// Deletes a local index (<c>kit index delete</c>): a tag of an index with other tags is only untagged unless
    /// <paramref name="force"/>. The ModelKits it lists stay.
    /// </summary>
    /// <param name="index">The index, by tag or digest.</param>
    /// <param name="force">Delete the index with all its tags even when it has other tags.</param>
    /// <param name="cancellationToken">Stops the operation.</param>
    /// <returns>The index's digest and whether it was only untagged.</returns>
    public async Task<(ModelKitResult Index, bool UntaggedOnly)> DeleteIndexAsync(string index, bool force = false, CancellationToken cancellationToken = default)
    {
        var parsed = Parse(index, "index");
        var (digest, untaggedOnly, _) = await (await IndexesAsync(null).ConfigureAwait(false)).DeleteAsync(parsed, force, cancellationToken).ConfigureAwait(false);
        return (new ModelKitResult(parsed.ToString(), digest), untaggedOnly);
    }

    /// <summary>Every index in the local store, by repository then digest (<c>kit index list</c>).</summary>
    /// <param name="cancellationToken">Stops listing.</param>
    public async Task<IReadOnlyList<ModelKitIndexListing>> ListIndexesAsync(CancellationToken cancellationToken = default) =>
        [.. (await (await IndexesAsync(null).ConfigureAwait(false)).ListAsync(cancellationToken).ConfigureAwait(false))
            .Select(l => new ModelKitIndexListing(l.Repository, l.Digest, l.Tags, l.ModelKits))];

    /// <summary>An index and its ModelKits with their labels (<c>kit index info</c>), from the local store or its registry.</summary>
    /// <param name="index">The index, by tag or digest.</param>
    /// <param name="remote">Read it from its registry (the reference must name one).</param>
    /// <param name="cancellationToken">Stops the operation.</param>
    public async Task<ModelKitIndexDetails> GetIndexAsync(string index, bool remote = false, CancellationToken cancellationToken = default)
    {
        var parsed = Parse(index, "index");
        if (remote) RequireRegistry(parsed, index);
        var indexes = await IndexesAsync(null).ConfigureAwait(false);
        var found = await indexes.GetAsync(parsed, remote, cancellationToken).ConfigureAwait(false);
        var entries = new List<ModelKitIndexEntry>();
        foreach (var entry in found.Document.Entries)
        {
            var labels = entry.Labels.ToDictionary(l => l.Key, l => IndexLabels.Display(l.Value), StringComparer.Ordinal);
            entries.Add(new ModelKitIndexEntry(entry.Digest, entry.OriginalTag, await indexes.SizeOfAsync(entry, cancellationToken).ConfigureAwait(false), labels));
        }
        return new ModelKitIndexDetails(found.Reference.ToString(), found.Descriptor.Digest, entries);
    }

    /// <summary>Uploads a local index and every ModelKit it lists to a registry, the index last (<c>kit index push</c>).</summary>
    /// <param name="source">The local index.</param>
    /// <param name="destination">Where to push it, with a registry; null pushes to <paramref name="source"/>, which then needs a registry.</param>
    /// <param name="progress">Receives a report per blob.</param>
    /// <param name="cancellationToken">Stops the transfer.</param>
    public async Task<ModelKitResult> PushIndexAsync(string source, string? destination = null, IProgress<KitProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var src = Parse(source, "source");
        var dst = destination is null ? src : Parse(destination, "destination");
        RequireRegistry(dst, destination ?? source);
        var pushed = await (await IndexesAsync(progress).ConfigureAwait(false)).PushAsync(src, dst, cancellationToken).ConfigureAwait(false);
        return new ModelKitResult(dst.ToString(), pushed.Digest);
    }

    /// <summary>Downloads an index and every ModelKit it lists into the local store (<c>kit index pull</c>).</summary>
    /// <param name="index">The index, with a registry.</param>
    /// <param name="progress">Receives a report per blob.</param>
    /// <param name="cancellationToken">Stops the transfer.</param>
    public async Task<ModelKitResult> PullIndexAsync(string index, IProgress<KitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var parsed = Parse(index, "index");
        RequireRegistry(parsed, index);
        var pulled = await (await IndexesAsync(progress).ConfigureAwait(false)).PullAsync(parsed, cancellationToken).ConfigureAwait(false);
        return new ModelKitResult(parsed.ToString(), pulled.Digest);
    }

    private async Task<ModelKitIndexes> IndexesAsync(IProgress<KitProgress>? progress) =>
        new(await StoreAsync().ConfigureAwait(false), _registries.Value,
            new TransferOptions { Concurrency = _options.Network.Concurrency, Observer = TransferProgressReporter.For(progress) },
            text => Message(KitMessageLevel.Info, text), text => Message(KitMessageLevel.Warning, text));
}
