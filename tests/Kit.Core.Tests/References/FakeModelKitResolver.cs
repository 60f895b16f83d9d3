using Kit.Core.Kitfiles;
using Kit.Core.References;

namespace Kit.Core.Tests.References;

/// <summary>Parents by reference, from YAML; a missing one fails like the store does.</summary>
internal sealed class FakeModelKitResolver : IModelKitResolver
{
    private readonly Dictionary<ModelReference, Kitfiles.Kitfile> _kits = [];

    public List<ModelReference> Requests { get; } = [];

    public FakeModelKitResolver Add(string reference, string yaml)
    {
        _kits[ModelReference.Parse(reference)] = KitfileYaml.Read(yaml);
        return this;
    }

    public Task<Kitfiles.Kitfile> ResolveKitfileAsync(ModelReference reference, CancellationToken cancellationToken = default)
    {
        Requests.Add(reference);
        return _kits.TryGetValue(reference, out var kitfile)
            ? Task.FromResult(kitfile)
            : throw new KitException($"modelkit {reference.Display} not found in local storage");
    }
}
