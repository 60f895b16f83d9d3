using System.Collections.Concurrent;
using Kit.Core.Format;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;
using Kit.Oci.Remote;

namespace Kit.Core.Remote;

/// <summary>
/// ModelKits in registries: resolve one (manifest + config), list a repository's ModelKit tags, delete one.
/// Every failure surfaces as a <see cref="RegistryAccessException"/> or <see cref="KitException"/> with one line.
/// </summary>
internal sealed class RemoteModelKits(RegistryClients clients)
{
    public RegistryClients Clients { get; } = clients;

    /// <summary>The ModelKit a tag or digest names; refuses indexes, Docker manifests and non-ModelKit artifacts.</summary>
    public Task<ResolvedModelKit> ResolveAsync(ModelReference reference, CancellationToken ct = default) =>
        Guard(reference, reference.ToString(), async () =>
        {
            var repository = Clients.Open(reference);
            var kit = await TryFetchAsync(repository, reference, reference.TagOrDigest, ct).ConfigureAwait(false);
            return kit.Kit ?? throw new KitException(kit.Refusal!);
        });

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
            var found = new ConcurrentBag<(string Ref, ResolvedModelKit Kit)>();
            await Parallel.ForEachAsync(tags, new ParallelOptions { MaxDegreeOfParallelism = Clients.Settings.Concurrency, CancellationToken = ct },
                async (tag, token) =>
                {
                    try
                    {
                        if ((await TryFetchAsync(repository, reference, tag, token).ConfigureAwait(false)).Kit is { } kit)
                            found.Add((tag, kit));
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
                    var (name, author) = ModelKitSummary.NameAndAuthor(kit.ConfigBytes);
                    return new ModelKitListing(reference.Repository, kit.Digest, tagNames, name, author, kit.Manifest.Layers.Sum(l => l.Size));
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

    private static async Task<(ResolvedModelKit? Kit, string? Refusal)> TryFetchAsync(RemoteRepository repository, ModelReference reference,
        string tagOrDigest, CancellationToken ct)
    {
        var shown = $"{reference.Registry}/{reference.Repository}{(tagOrDigest.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal) ? "@" : ":")}{tagOrDigest}";
        var fetched = await repository.FetchManifestAsync(tagOrDigest, ct).ConfigureAwait(false);
        if (fetched.Descriptor.MediaType != MediaTypes.ImageManifest)
            return (null, $"reference {shown} is not an image manifest (media type {fetched.Descriptor.MediaType})");
        Manifest manifest;
        try
        {
            manifest = Manifest.Parse(fetched.Content);
        }
        catch (FormatException e)
        {
            return (null, $"reference {shown}: invalid manifest: {e.Message}");
        }
        if (manifest.Config.MediaType != ModelKitMediaTypes.Config)
            return (null, $"reference {shown} does not refer to a model (config media type {manifest.Config.MediaType})");
        if (manifest.Config.Size > ModelKitMediaTypes.MaxConfigSize)
            return (null, $"reference {shown}: config of {manifest.Config.Size} bytes is larger than {ModelKitMediaTypes.MaxConfigSize}");
        using var config = new MemoryStream((int)manifest.Config.Size);
        await repository.FetchBlobAsync(manifest.Config, config, null, ct).ConfigureAwait(false);
        var named = tagOrDigest.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal)
            ? reference.WithDigest(fetched.Descriptor.Digest)
            : reference.WithTag(tagOrDigest);
        return (new ResolvedModelKit(named, fetched.Descriptor, fetched.Content, manifest, config.ToArray()), null);
    }

    private Task<T> Guard<T>(ModelReference reference, string subject, Func<Task<T>> work) =>
        RemoteFailure.GuardAsync(reference.Registry, subject, Clients.Settings.PlainHttp, work);
}
