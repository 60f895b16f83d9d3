using Kit.TestSupport;

namespace Kit.Oci.Tests.Remote;

// xunit finds collection definitions only in the test assembly itself.
[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
