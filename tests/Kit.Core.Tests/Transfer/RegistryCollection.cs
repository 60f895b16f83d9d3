using Kit.TestSupport;

namespace Kit.Core.Tests.Transfer;

// xunit finds collection definitions only in the test assembly itself.
[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "transfer-registry";
}
