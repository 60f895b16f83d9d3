using Kit.Core.Kitfiles;
using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Transfer;

/// <summary>
/// After <c>kit pull</c> of a kit whose <c>model.path</c> names another ModelKit: pulls each ancestor into its own
/// repository, tagged as referenced (KitOps stores them in the child's repository). An ancestor already
/// in the local store is not pulled again, and neither are its ancestors when they are stored too.
/// </summary>
internal sealed class ParentModelKitPuller(LocalModelKits local, RegistryClients clients, TransferOptions options, Action<string> info)
{
    /// <returns>The parents that were pulled, direct parent first.</returns>
    public async Task<IReadOnlyList<ModelReference>> PullParentsAsync(ModelReference child, Digest childDigest, byte[] childConfig,
        CancellationToken cancellationToken = default)
    {
        var chain = new ModelKitReferenceChain(child.ToString(), [child], childDigest);
        var pulled = new List<ModelReference>();
        await foreach (var step in ParentChainWalk.NewestFirstAsync(KitfileJson.Read(childConfig), chain, async (_, reference, ct) =>
        {
            var (digest, config, wasPulled) = await PullOneAsync(reference, ct).ConfigureAwait(false);
            return new ParentChainWalk.Found<bool>(wasPulled, KitfileJson.Read(config), digest);
        }, cancellationToken).ConfigureAwait(false))
        {
            if (step.Value) pulled.Add(step.Reference);
        }
        return pulled;
    }

    private async Task<(Digest Digest, byte[] ConfigBytes, bool Pulled)> PullOneAsync(ModelReference reference, CancellationToken ct)
    {
        if (await local.TryResolveAsync(reference, ct).ConfigureAwait(false) is { } stored)
        {
            info($"Referenced modelkit {reference} is already in local storage");
            return (stored.Digest, stored.ConfigBytes, false);
        }
        if (!reference.NamesRegistry)
            throw new ModelKitNotFoundException(reference);
        if (reference.HasExtraTags)
            throw new KitException($"reference {reference} names several tags; a parent must be one modelkit");

        info($"Pulling referenced image {reference}");
        var kit = await RemoteFailure.GuardAsync(reference.Registry, reference.ToString(), clients.Settings.PlainHttp, () =>
            new ModelKitPuller(local.Store, options).PullAsync(clients.Open(reference), reference.TagOrDigest, ct))
            .ConfigureAwait(false);
        return (kit.Digest, kit.ConfigBytes, true);
    }
}
