using Kit.Core.Kitfiles;
using Kit.Core.ModelKits;

namespace Kit.Core.References;

/// <summary>Resolves the ancestors of a Kitfile whose <c>model.path</c> names another ModelKit.</summary>
internal static class ModelKitChain
{
    /// <summary>
    /// Follows <c>model.path</c> from <paramref name="kitfile"/> until it is no longer a reference, merging each
    /// parent in, then validates the merged Kitfile.
    /// </summary>
    /// <param name="kitfile">The Kitfile being packed.</param>
    /// <param name="packedAs">The name the kit is being packed under, which no ancestor may name again.</param>
    /// <param name="source">Finds each parent (local store, else its registry); only manifests and configs are read.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <exception cref="KitException">
    /// <c>Failed to resolve referenced modelkit &lt;ref&gt;: …</c>, naming the direct parent, for any failure.
    /// </exception>
    public static async Task<ResolvedModelKitChain> ResolveAsync(Kitfile kitfile, ModelReference packedAs, IModelKitSource source,
        CancellationToken cancellationToken = default)
    {
        var direct = kitfile.Model?.Path ?? "";
        try
        {
            var names = packedAs == ModelReference.Unnamed ? [] : packedAs.AllTags.Select(packedAs.WithTag);
            // An untagged pack has no name a parent could use, but the message still needs a first element.
            var chain = new ModelKitReferenceChain(packedAs == ModelReference.Unnamed ? "<untagged>" : packedAs.Display, names);
            var merged = kitfile;
            var parents = new List<ParentChainWalk.Step>();
            await foreach (var step in ParentChainWalk.NewestFirstAsync(kitfile, chain,
                (reference, ct) => source.OpenAsync(reference, selectLayers: null, ct), cancellationToken).ConfigureAwait(false))
            {
                parents.Add(step);
                merged = KitfileMerge.WithParent(merged, step.Kit.Kitfile);
            }
            KitfileValidator.Validate(merged);
            return new ResolvedModelKitChain(merged, parents);
        }
        catch (Exception e) when (e is KitException or IOException or FormatException)
        {
            // Pack names the direct parent for any failure further up, so the walk's own naming is dropped.
            var why = e is ParentResolutionException p ? p.Reason : e.Message;
            throw new KitException($"Failed to resolve referenced modelkit {direct}: {OneLine(why)}", e);
        }
    }

    internal static string OneLine(string message) =>
        string.Join("; ", message.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
