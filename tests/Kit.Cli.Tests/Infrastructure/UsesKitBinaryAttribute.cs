namespace Kit.Cli.Tests.Infrastructure;

/// <summary>
/// The test class runs the built Native AOT binary instead of kit in-process: for what only a real process shows
/// (the published build itself, interop with other tools through its store, signals, process-level variables).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UsesKitBinaryAttribute : Attribute;
