namespace Kit.Core.Configuration;

/// <summary>Where kit keeps its state: <c>$KITOPS_HOME</c> and the folders below it (section 6.1 of the behaviour reference).</summary>
public sealed class KitHome
{
    public KitHome(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }
    public string Storage => Path.Combine(Root, "storage");
    public string Cache => Path.Combine(Root, "cache");
    public string Credentials => Path.Combine(Root, "credentials.json");

    /// <summary>Precedence: explicit <c>--config</c>, then <c>KITOPS_HOME</c>, then the XDG data directory.</summary>
    public static KitHome Resolve(string? configFlag, Func<string, string?> env)
    {
        if (!string.IsNullOrEmpty(configFlag)) return new KitHome(configFlag);
        var kitopsHome = env("KITOPS_HOME");
        if (!string.IsNullOrEmpty(kitopsHome)) return new KitHome(kitopsHome);
        var xdg = env("XDG_DATA_HOME");
        if (!string.IsNullOrEmpty(xdg)) return new KitHome(Path.Combine(xdg, "kitops"));
        var home = env("HOME");
        if (string.IsNullOrEmpty(home))
            throw new KitException("Failed to read base config directory: neither KITOPS_HOME nor HOME is set. Use --config or set $KITOPS_HOME.");
        return new KitHome(Path.Combine(home, ".local", "share", "kitops"));
    }
}
