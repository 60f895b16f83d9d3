using System.Runtime.CompilerServices;
using Kit.Core.Kitfiles;
using Kit.Core.ModelKits;

namespace Kit.Core.References;

/// <summary>
/// The one walk up a ModelKit's ancestors (a <c>model.path</c> naming another ModelKit), shared by pack, unpack and
/// pull so all three detect parents, refuse cycles and over-long chains, and word failures the same way.
/// </summary>
internal static class ParentChainWalk
{
    /// <summary>A parent as the walk found it.</summary>
    /// <param name="Written">The reference exactly as the child's Kitfile writes it.</param>
    /// <param name="Reference">The parsed reference, with the registry the child named or the default.</param>
    /// <param name="Kit">What the caller's <c>open</c> returned for it.</param>
    public sealed record Step(string Written, ModelReference Reference, ModelKit Kit);

    /// <summary>
    /// Yields the ancestors of <paramref name="child"/>, direct parent first. Each is recorded in <paramref name="chain"/>
    /// before <paramref name="open"/> runs, so a cycle, an eleventh parent or a reference naming several tags stops the
    /// walk before anything is fetched.
    /// </summary>
    /// <exception cref="ParentResolutionException"><paramref name="open"/> failed with a <see cref="KitException"/>.</exception>
    public static async IAsyncEnumerable<Step> NewestFirstAsync(Kitfile child, ModelKitReferenceChain chain,
        Func<ModelReference, CancellationToken, Task<ModelKit>> open, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var kitfile = child;
        while (kitfile.Model?.Path is { } written && ModelKitReferenceDetector.TryParse(written, out var reference))
        {
            chain.Add(written, reference);
            if (reference.HasExtraTags)
                throw new ParentResolutionException(written, new KitException($"reference {written} names several tags; a parent must be one modelkit"));
            ModelKit found;
            try
            {
                found = await open(reference, cancellationToken).ConfigureAwait(false);
                kitfile = found.Kitfile;
            }
            catch (KitException e)
            {
                throw new ParentResolutionException(written, e);
            }
            chain.Resolved(found.Digest);
            yield return new Step(written, reference, found);
        }
    }
}

/// <summary>A parent named in a Kitfile could not be found or read.</summary>
internal sealed class ParentResolutionException(string written, KitException reason)
    : KitException($"Failed to resolve referenced modelkit {written}: {reason.Message}", reason)
{
    /// <summary>Why, without the parent's name.</summary>
    public string Reason => reason.Message;
}
