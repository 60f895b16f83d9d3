using System.Runtime.CompilerServices;
using Kit.Core.Kitfiles;
using Kit.Oci;

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
    /// <param name="Value">What the caller's <c>open</c> returned for it.</param>
    public sealed record Step<T>(string Written, ModelReference Reference, T Value);

    /// <summary>What <c>open</c> found: the caller's value, the parent's Kitfile (to walk on) and its manifest digest when known.</summary>
    public readonly record struct Found<T>(T Value, Kitfile Kitfile, Digest? Digest);

    /// <summary>
    /// Yields the ancestors of <paramref name="child"/>, direct parent first. Each is recorded in <paramref name="chain"/>
    /// before <paramref name="open"/> runs, so a cycle or an eleventh parent stops the walk before anything is fetched.
    /// </summary>
    /// <exception cref="ParentResolutionException"><paramref name="open"/> failed with a <see cref="KitException"/>.</exception>
    public static async IAsyncEnumerable<Step<T>> NewestFirstAsync<T>(Kitfile child, ModelKitReferenceChain chain,
        Func<string, ModelReference, CancellationToken, Task<Found<T>>> open, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var kitfile = child;
        while (kitfile.Model?.Path is { } written && ModelKitReferenceDetector.TryParse(written, out var reference))
        {
            chain.Add(written, reference);
            Found<T> found;
            try
            {
                found = await open(written, reference, cancellationToken).ConfigureAwait(false);
            }
            catch (KitException e)
            {
                throw new ParentResolutionException(written, e);
            }
            if (found.Digest is { } digest)
                chain.Resolved(digest);
            yield return new Step<T>(written, reference, found.Value);
            kitfile = found.Kitfile;
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
