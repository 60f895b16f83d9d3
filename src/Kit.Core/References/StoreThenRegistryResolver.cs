using Kit.Core.Kitfiles;
using Kit.Core.Remote;
using Kit.Core.Store;

namespace Kit.Core.References;

/// <summary>
/// Parents for <c>kit pack</c>: from the local store, else from their registry (manifest and config only).
/// A parent without a registry has none to ask, so it must be stored locally.
/// </summary>
/// <param name="local">The local store, asked first.</param>
/// <param name="remote">Null to resolve from the local store only.</param>
internal sealed class StoreThenRegistryResolver(LocalModelKits local, RemoteModelKits? remote) : IModelKitResolver
{
    public async Task<Kitfile> ResolveKitfileAsync(ModelReference reference, CancellationToken cancellationToken = default)
    {
        var found = await local.TryResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            if (remote is null || !reference.NamesRegistry)
                throw new ModelKitNotFoundException(reference);
            found = await remote.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        return KitfileJson.Read(found.ConfigBytes);
    }
}
