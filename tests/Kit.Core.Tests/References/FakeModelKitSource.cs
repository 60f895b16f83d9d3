using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Oci;

namespace Kit.Core.Tests.References;

/// <summary>Parents by reference, from YAML (manifest and config only); a missing one fails like the store does.</summary>
internal sealed class FakeModelKitSource : IModelKitSource
{
    private readonly Dictionary<ModelReference, Kitfiles.Kitfile> _kits = [];

    public List<ModelReference> Requests { get; } = [];

    public FakeModelKitSource Add(string reference, string yaml)
    {
        _kits[ModelReference.Parse(reference)] = KitfileYaml.Read(yaml);
        return this;
    }

    public Task<ModelKit> OpenAsync(ModelReference reference, Func<ModelKit, IReadOnlySet<Digest>>? selectLayers = null,
        CancellationToken cancellationToken = default)
    {
        Requests.Add(reference);
        if (!_kits.TryGetValue(reference, out var kitfile))
            throw new KitException($"modelkit {reference.Display} not found in local storage");
        var config = KitfileJson.Write(kitfile);
        var manifest = new Manifest(Descriptor.For(ModelKitMediaTypes.Config, config), []);
        var manifestBytes = manifest.ToJsonBytes();
        return Task.FromResult(new ModelKit(reference, Descriptor.For(MediaTypes.ImageManifest, manifestBytes), manifestBytes, manifest, config));
    }
}
