using System.Collections.Concurrent;
using Kit.Core.Format;
using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Core.Transfer;
using Kit.Oci;
using Kit.Oci.Remote;

namespace Kit.Core.Remote;

/// <summary>
/// ModelKits in registries: resolve one (manifest + config), open one with some layers downloaded into the local
/// store, list a repository's ModelKit tags, delete one. Every failure surfaces as a
/// <see cref="RegistryAccessException"/> or <see cref="KitException"/> with one line.
/// </summary>
/// <param name="clients">Opens registry repositories with the run's settings and credentials.</param>
/// <param name="cache">The local store that <see cref="OpenAsync"/> downloads selected layers into; null when none may be.</param>
/// <param name="options">Concurrency and progress for those downloads.</param>
internal sealed class RemoteModelKits(RegistryClients clients, LocalModelStore? cache = null, TransferOptions? options = null) : IModelKitSource
{
    public RegistryClients Clients { get; } = clients;

    /// <summary>The ModelKit a tag or digest names; refuses indexes, Docker manifests and non-ModelKit artifacts.</summary>
    public Task<ModelKit> ResolveAsync(ModelReference reference, CancellationToken ct = default) =>
        Guard(reference, reference.ToString(), () => FetchAsync(Clients.Open(reference), reference, reference.TagOrDigest, ct));

    /// <summary>
    /// <see cref="ResolveAsync"/>, and with <paramref name="selectLayers"/> the layers it picks downloaded into the local
    /// store (those it has are not fetched again), unnamed and leased until the result is disposed.
    /// </summary>
    public Task<ModelKit> OpenAsync(ModelReference reference, Func<ModelKit, IReadOnlySet<Digest>>? selectLayers = null,
        CancellationToken cancellationToken = default)
    {
        if (selectLayers is null)
            return ResolveAsync(reference, cancellationToken);
        if (cache is null)
            throw new InvalidOperationException("opening a remote ModelKit with layers needs a local store to download them into");
        return Guard(reference, reference.ToString(), () =>
            new ModelKitPuller(cache, options).FetchAsync(Clients.Open(reference), reference.TagOrDigest, selectLayers, cancellationToken));
    }

    /// <summary>
    /// One row per ModelKit manifest among all tags of the repository (tags API, every page); tags naming other
    /// artifacts are skipped. With a tag or digest in <paramref name="reference"/>, only that one.
    /// </summary>
    public Task<IReadOnlyList<ModelKitListing>> ListAsync(ModelReference reference, CancellationToken ct = default) =>
        Guard<IReadOnlyList<ModelKitListing>>(reference, reference.Registry + "/" + reference.Repository, async () =>
        {
            var repository = Clients.Open(reference);
            IReadOnlyList<string> tags = reference.IsDigestReference || reference.IsTagExplicit
                ? [reference.TagOrDigest]
                : await repository.ListTagsAsync(ct).ConfigureAwait(false);
            var found = new ConcurrentBag<(string Ref, ModelKit Kit)>();
            await Parallel.ForEachAsync(tags, new ParallelOptions { MaxDegreeOfParallelism = Clients.Settings.Concurrency, CancellationToken = ct },
                async (tag, token) =>
                {
                    try
                    {
                        found.Add((tag, await FetchAsync(repository, reference, tag, token).ConfigureAwait(false)));
                    }
                    catch (NotAModelKitException)
                    {
                        // Tags of other artifacts share the repository; they are simply not listed.
                    }
                    // A tag deleted between the listing and the lookup is simply gone.
                    catch (RegistryNotFoundException) when (!reference.IsTagExplicit && !reference.IsDigestReference)
                    {
                    }
                }).ConfigureAwait(false);
            return found.GroupBy(f => f.Kit.Digest)
                .Select(g =>
                {
                    var kit = g.First().Kit;
                    var tagNames = g.Select(f => f.Ref).Where(r => !r.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal))
                        .Order(StringComparer.Ordinal).ToList();
                    var kitfile = ManifestKitfile.TryJson(kit.Manifest, kit.ConfigBytes);
                    var (name, author) = kitfile is null ? (null, null) : ModelKitSummary.NameAndAuthor(kitfile);
                    return new ModelKitListing(reference.Repository, kit.Digest, tagNames, name, author, kit.Manifest.Layers.Sum(l => l.Size))
                    {
                        Config = kitfile,
                    };
                })
                .OrderBy(r => r.Digest.Hex, StringComparer.Ordinal)
                .ToList();
        });

    /// <summary>Deletes the manifest a tag or digest names (and so every tag pointing at it); returns its digest.</summary>
    public Task<Digest> DeleteAsync(ModelReference reference, CancellationToken ct = default) =>
        Guard(reference, reference.ToString(), async () =>
        {
            var repository = Clients.Open(reference);
            var descriptor = await repository.ResolveAsync(reference.TagOrDigest, ct).ConfigureAwait(false);
            try
            {
                await repository.DeleteManifestAsync(descriptor.Digest, ct).ConfigureAwait(false);
            }
            catch (RegistryUnsupportedException e)
            {
                throw new RegistryAccessException(reference.Registry, RegistryFailureKind.Unsupported,
                    $"removing models is unsupported by registry {reference.Registry}", e, Clients.Settings.PlainHttp);
            }
            return descriptor.Digest;
        });

    private static async Task<ModelKit> FetchAsync(RemoteRepository repository, ModelReference reference, string tagOrDigest, CancellationToken ct)
    {
        var fetched = await repository.FetchManifestAsync(tagOrDigest, ct).ConfigureAwait(false);
        var manifest = ParseModelKitManifest(fetched, Shown(reference, tagOrDigest));
        using var config = new MemoryStream((int)manifest.Config.Size);
        await repository.FetchBlobAsync(manifest.Config, config, null, ct).ConfigureAwait(false);
        return new ModelKit(Named(reference, tagOrDigest, fetched.Descriptor.Digest), fetched.Descriptor, fetched.Content, manifest, config.ToArray());
    }

    /// <summary>
    /// The manifest of a fetched reference, refused with one line unless it is an OCI image manifest of a ModelKit:
    /// the one check that pull, remote unpack, inspect, list and parents share.
    /// </summary>
    /// <param name="fetched">The manifest as the registry sent it.</param>
    /// <param name="shown">The reference as messages show it.</param>
    /// <exception cref="NotAModelKitException">Not an image manifest, not a ModelKit, or a config too large for one.</exception>
    /// <exception cref="Indexes.ModelKitIndexFoundException">A ModelKit index (a <see cref="NotAModelKitException"/> too).</exception>
    internal static Manifest ParseModelKitManifest(FetchedManifest fetched, string shown)
    {
        if (Indexes.ModelKitIndexDocument.IsModelKitIndex(fetched.Descriptor.MediaType, fetched.Content))
            throw new Indexes.ModelKitIndexFoundException(shown, fetched.Descriptor, fetched.Content);
        if (fetched.Descriptor.MediaType != MediaTypes.ImageManifest)
            throw new NotAModelKitException($"reference {shown} is not an image manifest (media type {fetched.Descriptor.MediaType})");
        Manifest manifest;
        try
        {
            manifest = Manifest.Parse(fetched.Content);
        }
        catch (FormatException e)
        {
            throw new NotAModelKitException($"reference {shown}: invalid manifest: {e.Message}", e);
        }
        if (!ModelKitMediaTypes.IsModelKit(manifest))
            throw new NotAModelKitException($"reference {shown} does not refer to a model (config media type {manifest.Config.MediaType})");
        if (manifest.Config.Size > ModelKitMediaTypes.MaxConfigSize)
            throw new NotAModelKitException($"reference {shown}: config of {manifest.Config.Size} bytes is larger than {ModelKitMediaTypes.MaxConfigSize}");
        return manifest;
    }

    /// <summary><c>registry/repository:tag</c> or <c>registry/repository@digest</c>.</summary>
    internal static string Shown(ModelReference reference, string tagOrDigest) =>
        $"{reference.Registry}/{reference.Repository}{(IsDigest(tagOrDigest) ? "@" : ":")}{tagOrDigest}";

    /// <summary>The name a kit fetched by <paramref name="tagOrDigest"/> is found under.</summary>
    internal static ModelReference Named(ModelReference reference, string tagOrDigest, Digest digest) =>
        IsDigest(tagOrDigest) ? reference.WithDigest(digest) : reference.WithTag(tagOrDigest);

    private static bool IsDigest(string tagOrDigest) => tagOrDigest.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal);

    private Task<T> Guard<T>(ModelReference reference, string subject, Func<Task<T>> work) =>
        RemoteFailure.GuardAsync(reference.Registry, subject, Clients.Settings.PlainHttp, work);
}
