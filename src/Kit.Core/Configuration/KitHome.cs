namespace Kit.Core.Configuration;

/// <summary>Where kit keeps its state: <c>$KITOPS_HOME</c> and the folders below it.</summary>
public sealed class KitHome
{
    /// <summary>A home rooted at <paramref name="root"/> (made absolute); nothing is created until something is written.</summary>
    /// <param name="root">The directory KitOps calls the config directory (<c>--config</c>, <c>KITOPS_HOME</c>).</param>
    public KitHome(string root) => Root = Path.GetFullPath(root);

    /// <summary>The absolute home directory.</summary>
    public string Root { get; }
    /// <summary>The local ModelKit store (an OCI image layout shared with KitOps).</summary>
    public string Storage => Path.Combine(Root, "storage");
    /// <summary>Scratch space kept between runs; safe to delete.</summary>
    public string Cache => Path.Combine(Root, "cache");
    /// <summary>The file that stores registry logins when no credential helper is configured.</summary>
    public string Credentials => Path.Combine(Root, "credentials.json");

    /// <summary>fsync every blob before publishing it (<c>KIT_FSYNC=1</c>); see <c>OciLayoutStore.SyncBlobs</c>.</summary>
    public bool SyncBlobs { get; init; }

    /// <summary>Precedence: explicit <c>--config</c>, then <c>KITOPS_HOME</c>, then the XDG data directory.</summary>
    /// <exception cref="KitException">The home is an existing file (every command would otherwise see an empty store).</exception>
    public static KitHome Resolve(string? configFlag, Func<string, string?> env)
    {
        var home = new KitHome(ResolveRoot(configFlag, env)) { SyncBlobs = env("KIT_FSYNC") is "1" or "true" };
        if (File.Exists(home.Root))
        {
            var source = !string.IsNullOrEmpty(configFlag) ? "--config" : !string.IsNullOrEmpty(env("KITOPS_HOME")) ? "KITOPS_HOME" : "the default";
            throw new KitException($"kit home {home.Root} (from {source}) is a file, not a directory");
        }
        return home;
    }

    private static string ResolveRoot(string? configFlag, Func<string, string?> env)
    {
        if (!string.IsNullOrEmpty(configFlag)) return configFlag;
        var kitopsHome = env("KITOPS_HOME");
        if (!string.IsNullOrEmpty(kitopsHome)) return kitopsHome;
        var xdg = env("XDG_DATA_HOME");
        if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "kitops");
        var home = env("HOME");
        if (string.IsNullOrEmpty(home))
            throw new KitHomeNotFoundException();
        return Path.Combine(home, ".local", "share", "kitops");
    }
}
