using Kit.Core.References;

namespace Kit.Core.Store;

public sealed class ModelKitNotFoundException(ModelReference reference)
    : KitException($"modelkit {reference.Display} not found in local storage (kit list shows what is there)")
{
    public ModelReference Reference { get; } = reference;
}
