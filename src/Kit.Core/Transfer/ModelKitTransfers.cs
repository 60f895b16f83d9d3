using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Skills;
using Kit.Core.Store;
using Kit.Core.Unpacking;

namespace Kit.Core.Transfer;

/// <summary>
/// The operations that move a ModelKit between the local store and registries: push, pull (with its parents) and
/// unpack (from the store, else from the registry). Each is one call that resolves, transfers and reports registry
/// failures as <see cref="RegistryAccessException"/> naming the registry and the reference.
/// </summary>
/// <param name="store">The local store ModelKits move into and out of.</param>
/// <param name="clients">Opens registry repositories with the run's network settings and credentials.</param>
/// <param name="options">Concurrency and progress observer for transfers.</param>
/// <param name="info">Progress lines for people ("Pulling referenced image ...", "Unpacking to ...").</param>
internal sealed class ModelKitTransfers(LocalModelKits store, RegistryClients clients, TransferOptions options, Action<string> info)
{
    /// <summary>Pushes the stored ModelKit <paramref name="source"/> to <paramref name="destination"/>, which must name a registry.</summary>
    /// <returns>The manifest digest, the same locally and remotely.</returns>
    public async Task<Kit.Oci.Digest> PushAsync(ModelReference source, ModelReference destination, CancellationToken cancellationToken = default)
    {
        if (!destination.NamesRegistry)
            throw new KitException($"registry is required when pushing: name the destination like registry.example.com/{destination.Repository}:{destination.Tag ?? ModelReference.DefaultTag}");
        var kit = await store.ResolveAsync(source, cancellationToken).ConfigureAwait(false);
        var pushed = await RemoteFailure.GuardAsync(destination.Registry, destination.ToString(), clients.Settings.PlainHttp, async () =>
        {
            // Before any blob is announced: an unreachable registry is one error line, not upload lines and then one.
            await clients.CheckReachableAsync(destination.Registry, cancellationToken).ConfigureAwait(false);
            return await new ModelKitPusher(store.Store, options)
                .PushAsync(kit.ManifestDescriptor, kit.ManifestBytes, kit.Manifest, clients.Open(destination), destination.Tag, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return pushed.Digest;
    }

    /// <summary>Pulls <paramref name="reference"/> into the store under its full name, then the parents it references.</summary>
    /// <returns>The pulled kit and the parents that had to be pulled, direct parent first.</returns>
    public async Task<(ModelKit Kit, IReadOnlyList<ModelReference> Parents)> PullAsync(ModelReference reference, CancellationToken cancellationToken = default)
    {
        if (!reference.NamesRegistry)
            throw new KitException($"registry is required when pulling: use registry.example.com/{reference.Repository}:{reference.Tag ?? ModelReference.DefaultTag}");
        var kit = await RemoteFailure.GuardAsync(reference.Registry, reference.ToString(), clients.Settings.PlainHttp, () =>
            new ModelKitPuller(store.Store, options).PullAsync(clients.Open(reference), reference.TagOrDigest, cancellationToken)).ConfigureAwait(false);
        var parents = await new ParentModelKitPuller(store, clients, options, info).PullParentsAsync(kit, cancellationToken).ConfigureAwait(false);
        return (kit, parents);
    }

    /// <summary>
    /// Unpacks from the local store; a kit not stored there is read from its registry, downloading only the layers
    /// the filters select. Those blobs stay in the store, unnamed but kept (see <see cref="KeptOnRelease"/>) until
    /// <c>kit cache clear</c>, so a second unpack downloads nothing. A stored kit's blobs are leased while it unpacks. Parents come from the store, else from their registry.
    /// </summary>
    public async Task UnpackAsync(UnpackRequest request, CancellationToken cancellationToken = default)
    {
        var source = UnpackSource();
        var kit = await source.OpenAsync(request.Reference, k => ModelKitUnpacker.SelectLayers(k, request.Filters), cancellationToken)
            .ConfigureAwait(false);
        await using var kitScope = kit.ConfigureAwait(false);
        await new ModelKitUnpacker(store, info, source).UnpackAsync(kit, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Installs the skills in a ModelKit's prompt layers for coding agents (<c>kit unpack --as-skill</c>); like unpack, a
    /// kit not stored is read from its registry, downloading only those layers.
    /// </summary>
    public Task InstallSkillsAsync(SkillInstallRequest request, Action<string> warn, CancellationToken cancellationToken = default) =>
        new ModelKitSkills(store, UnpackSource(), info, warn).InstallAsync(request, cancellationToken);

    private LocalThenRemoteModelKits UnpackSource() => new(store, new RemoteModelKits(clients, store.Store, options))
    {
        ReadingRemote = reference => info($"Reading {reference} from its registry"),
    };
}
