namespace Kit.Cli.Commands;

/// <summary>Counts and strips -v, -vv, -vvv and --verbose, which KitOps treats as a counter.</summary>
public static class VerbosityArgs
{
    public static (string[] Args, int Count) Extract(string[] args)
    {
        var rest = new List<string>(args.Length);
        var count = 0;
        var afterDoubleDash = false;
        foreach (var a in args)
        {
            if (!afterDoubleDash && a == "--") afterDoubleDash = true;
            if (!afterDoubleDash && a == "--verbose") { count++; continue; }
            if (!afterDoubleDash && a.Length >= 2 && a[0] == '-' && a[1] == 'v' && a.AsSpan(1).TrimStart('v').IsEmpty)
            {
                count += a.Length - 1;
                continue;
            }
            rest.Add(a);
        }
        return (rest.ToArray(), count);
    }
}
