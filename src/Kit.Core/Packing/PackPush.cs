using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Packing;

/// <summary><c>kit pack --push</c>: packing straight into the registry the tag names.</summary>
internal static class PackPush
{
    /// <summary>Refuses a tag without a registry; called before anything is read.</summary>
    public static void RequireRegistry(ModelReference reference)
    {
        if (reference == ModelReference.Unnamed)
            throw new KitException("registry is required when pushing: name the modelkit with -t registry.example.com/repository:tag");
        if (!reference.NamesRegistry)
            throw new KitException($"registry is required when pushing: name the modelkit like registry.example.com/{reference.Repository}:{reference.Tag ?? ModelReference.DefaultTag}");
    }

    /// <summary>Packs <paramref name="request"/> into the registry of its reference; with <paramref name="keepLocal"/> into the local store too.</summary>
    public static async Task<Descriptor> PackAsync(ModelKitPacker packer, LocalModelStore store, RegistryClients clients, IPackObserver observer,
        PackRequest request, bool keepLocal, CancellationToken cancellationToken)
    {
        var reference = request.Reference;
        RequireRegistry(reference);
        return await RemoteFailure.GuardAsync(reference.Registry, reference.ToString(), clients.Settings.PlainHttp, async () =>
        {
            // Before any file is read: an unreachable registry is one error line.
            await clients.CheckReachableAsync(reference.Registry, cancellationToken).ConfigureAwait(false);
            var repository = clients.Open(reference);
            return await packer.PackAsync(request, () => new RegistryPackDestination(repository, store,
                keepLocal ? new StorePackDestination(store, observer) : null, observer), cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
