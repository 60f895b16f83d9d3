using System.Reflection;

namespace Kit.Cli.Commands.Version;

internal static class ThisAssembly
{
    private static string? Metadata(string key) =>
        typeof(ThisAssembly).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    public static string Commit => Metadata("GitCommit") is { Length: > 0 } c ? c : "unknown";
    public static string Built => Metadata("BuildTime") is { Length: > 0 } t ? t : "unknown";
}
