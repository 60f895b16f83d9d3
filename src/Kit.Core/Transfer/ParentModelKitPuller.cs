using Kit.Core.Kitfiles;
using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Store;

namespace Kit.Core.Transfer;

/// <summary>
/// After <c>kit pull</c> of a kit whose <c>model.path</c> names another ModelKit: pulls each ancestor into its own
/// repository, tagged as referenced (KitOps stores them in the child's repository). An ancestor already
/// in the local store is not pulled again, and neither are its ancestors when they are stored too. ModelKits named by
/// datasets' <c>remotePath</c> are pulled the same way.
/// </summary>
internal sealed class ParentModelKitPuller(LocalModelKits local, RegistryClients clients, TransferOptions options, Action<string> info)
{
    /// <returns>The referenced kits that were pulled: parents, direct parent first, then datasets' ModelKits.</returns>
    public async Task<IReadOnlyList<ModelReference>> PullParentsAsync(ModelKit child, CancellationToken cancellationToken = default)
    {
        var chain = new ModelKitReferenceChain(child.Reference.ToString(), [child.Reference], child.Digest);
        var pulled = new List<ModelReference>();
        await foreach (var _ in ParentChainWalk.NewestFirstAsync(child.Kitfile, chain.Branch(), (reference, ct) => FetchAsync(reference, pulled, ct),
            cancellationToken).ConfigureAwait(false))
        {
            // The walk itself is the work: each step was pulled (or found) by FetchAsync.
        }
        await PullDatasetKitsAsync(child, chain, pulled, cancellationToken).ConfigureAwait(false);
        return pulled;
    }

    /// <summary>
    /// The ModelKits <paramref name="kit"/>'s datasets name as their <c>remotePath</c>, and theirs in turn, as KitOps 1.17
    /// pulls them, so a later <c>unpack --include-remote</c> works offline.
    /// </summary>
    private async Task PullDatasetKitsAsync(ModelKit kit, ModelKitReferenceChain chain, List<ModelReference> pulled, CancellationToken ct)
    {
        foreach (var dataset in kit.Kitfile.Datasets ?? [])
        {
            if (dataset.RemotePath.Length == 0 || !ModelKitReferenceDetector.TryParse(dataset.RemotePath, out var reference)) continue;
            var branch = chain.Branch();
            branch.Add(dataset.RemotePath, reference);
            ModelKit found;
            try
            {
                found = await FetchAsync(reference, pulled, ct).ConfigureAwait(false);
            }
            catch (KitException e)
            {
                throw new ParentResolutionException(dataset.RemotePath, e);
            }
            branch.Resolved(found.Digest);
            await PullDatasetKitsAsync(found, branch, pulled, ct).ConfigureAwait(false);
        }
    }

    private async Task<ModelKit> FetchAsync(ModelReference reference, List<ModelReference> pulled, CancellationToken ct)
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
    }
}
