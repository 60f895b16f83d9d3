using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Store;

namespace Kit.Core.Transfer;

/// <summary>
/// After <c>kit pull</c> of a kit whose <c>model.path</c> names another ModelKit: pulls each ancestor into its own
/// repository, tagged as referenced (KitOps stores them in the child's repository). An ancestor already
/// in the local store is not pulled again, and neither are its ancestors when they are stored too.
/// </summary>
internal sealed class ParentModelKitPuller(LocalModelKits local, RegistryClients clients, TransferOptions options, Action<string> info)
{
    /// <returns>The parents that were pulled, direct parent first.</returns>
    public async Task<IReadOnlyList<ModelReference>> PullParentsAsync(ModelKit child, CancellationToken cancellationToken = default)
    {
        var chain = new ModelKitReferenceChain(child.Reference.ToString(), [child.Reference], child.Digest);
        var pulled = new List<ModelReference>();
        await foreach (var _ in ParentChainWalk.NewestFirstAsync(child.Kitfile, chain, async (reference, ct) =>
        {
            if (await local.TryResolveAsync(reference, ct).ConfigureAwait(false) is { } stored)
            {
                info($"Referenced modelkit {reference} is already in local storage");
                return stored;
            }
            if (!reference.NamesRegistry)
                throw new ModelKitNotFoundException(reference);
            info($"Pulling referenced image {reference}");
            var kit = await RemoteFailure.GuardAsync(reference.Registry, reference.ToString(), clients.Settings.PlainHttp, () =>
                new ModelKitPuller(local.Store, options).PullAsync(clients.Open(reference), reference.TagOrDigest, ct)).ConfigureAwait(false);
            pulled.Add(reference);
            return kit;
        }, cancellationToken).ConfigureAwait(false))
        {
            // The walk itself is the work: each step was pulled (or found) by the callback above.
        }
        return pulled;
    }
}
