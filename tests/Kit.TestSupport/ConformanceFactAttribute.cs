using Xunit.Abstractions;
using Xunit.Sdk;

namespace Kit.TestSupport;

/// <summary>
/// A fact of an abstract conformance suite: it runs in every store's test class, and is skipped only in a class marked
/// <see cref="NeedsRegistryAttribute"/> when the registry is missing outside CI (in CI that fails: see <see cref="TestEnvironment"/>).
/// </summary>
[XunitTestCaseDiscoverer("Kit.TestSupport.ConformanceFactDiscoverer", "Kit.TestSupport")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceFactAttribute : FactAttribute;

/// <summary>Marks a test class whose conformance facts need the real registry.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NeedsRegistryAttribute : Attribute;

public sealed class ConformanceFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    private readonly IMessageSink _sink = diagnosticMessageSink;

    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needsRegistry = testMethod.TestClass.Class.GetCustomAttributes(typeof(NeedsRegistryAttribute)).Any();
        if (needsRegistry && TestEnvironment.SkipReason(registry: true, skopeo: false) is { } reason)
            return [new XunitSkippedDataRowTestCase(_sink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
        return base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
