namespace Kit.Core.Remote;

/// <summary>A registry could not be used for a reference; the message names both and says what to try.</summary>
public sealed class RegistryAccessException(string registry, string message, Exception? inner = null) : KitException(message, inner!)
{
    public string Registry { get; } = registry;
}
