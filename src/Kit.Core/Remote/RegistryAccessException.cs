namespace Kit.Core.Remote;

/// <summary>
/// A registry could not be used for a reference. The message is one line naming both, free of any front end's
/// flags; <see cref="Kind"/> and <see cref="PlainHttp"/> let a front end add what to try.
/// </summary>
public sealed class RegistryAccessException(string registry, RegistryFailureKind kind, string message, Exception? inner = null, bool plainHttp = false)
    : KitException(message, inner!)
{
    /// <summary>The registry host[:port] that failed.</summary>
    public string Registry { get; } = registry;

    /// <summary>The kind of failure, so a caller can add its own advice.</summary>
    public RegistryFailureKind Kind { get; } = kind;

    /// <summary>Whether the failed request used plain HTTP.</summary>
    public bool PlainHttp { get; } = plainHttp;
}
