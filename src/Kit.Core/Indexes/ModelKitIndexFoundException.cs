using Kit.Core.Remote;
using Kit.Oci;

namespace Kit.Core.Indexes;

/// <summary>A reference expected to name a ModelKit names a ModelKit index; <see cref="Content"/> is the index as fetched.</summary>
internal sealed class ModelKitIndexFoundException : NotAModelKitException
{
    public ModelKitIndexFoundException(string message) : base(message)
    {
    }

    public ModelKitIndexFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ModelKitIndexFoundException(string shown, Descriptor descriptor, byte[] content)
        : base($"reference {shown} is a ModelKit index; select the ModelKit to pull with --label (-l). 'kit index info --remote' lists its ModelKits and their labels")
    {
        Descriptor = descriptor;
        Content = content;
    }

    public Descriptor? Descriptor { get; }

    public byte[] Content { get; } = [];
}
