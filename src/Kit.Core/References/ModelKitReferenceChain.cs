using Kit.Oci;

namespace Kit.Core.References;

/// <summary>
/// The references followed so far from one ModelKit up through its parents, refusing
/// cycles and chains longer than <see cref="MaxParents"/>. Pack, unpack and pull share it so all three
/// stop at the same point with the same message.
/// </summary>
internal sealed class ModelKitReferenceChain
{
    /// <summary>KitOps' <c>MaxModelRefChain</c>: a kit may have at most this many ancestors.</summary>
    public const int MaxParents = 10;

    private readonly List<Link> _links = [];

    /// <param name="shown">How the starting kit is shown in messages.</param>
    /// <param name="names">Every name the starting kit goes by (e.g. all its <c>-t</c> tags); may be empty.</param>
    /// <param name="digest">Its manifest digest when known, so a parent named differently but resolving to it is a cycle too.</param>
    public ModelKitReferenceChain(string shown, IEnumerable<ModelReference> names, Digest? digest = null) =>
        _links.Add(new Link(shown, [.. names], digest));

    private ModelKitReferenceChain(IEnumerable<Link> links) => _links.AddRange(links);

    public int ParentCount => _links.Count - 1;

    /// <summary>
    /// A copy to follow one of several references of the same kit (its remote datasets): siblings are not each
    /// other's ancestors, so each walks its own copy.
    /// </summary>
    public ModelKitReferenceChain Branch() => new(_links);

    /// <summary>Records the next parent before it is resolved; throws when it closes a cycle or is one too many.</summary>
    public void Add(string written, ModelReference reference)
    {
        if (_links.Any(l => l.Names.Contains(reference)))
            throw new KitException($"Found cycle in modelkit references: [{Render(written)}]");
        if (ParentCount >= MaxParents)
            throw new KitException($"reached maximum number of model references: [{Render(written)}]");
        _links.Add(new Link(written, [reference], null));
    }

    /// <summary>Records the digest the newest parent resolved to; one already in the chain is a cycle.</summary>
    public void Resolved(Digest digest)
    {
        var last = _links[^1];
        if (_links.Take(_links.Count - 1).Any(l => l.Digest == digest))
            throw new KitException($"Found cycle in modelkit references: [{Render(null)}] ({last.Shown} is {digest}, already in the chain)");
        _links[^1] = last with { Digest = digest };
    }

    private string Render(string? next) =>
        string.Join("=>", _links.Select(l => l.Shown).Concat(next is null ? [] : [next]));

    private sealed record Link(string Shown, IReadOnlyList<ModelReference> Names, Digest? Digest);
}
