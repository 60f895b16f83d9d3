using Kit.Core.References;

namespace Kit.Core.Store;

/// <summary>A ModelKit reference that names nothing in the local store.</summary>
public sealed class ModelKitNotFoundException(ModelReference reference)
    : KitException($"modelkit {reference.Display} not found in local storage (kit list shows what is there)")
{
    /// <summary>The reference that was looked up.</summary>
    public ModelReference Reference { get; } = reference;
}
