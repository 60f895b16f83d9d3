using System.CommandLine;
using Kit.Core.Formatting;

namespace Kit.Cli.Commands.Cache;

/// <summary><c>kit cache info|clear</c> over <c>$KITOPS_HOME/cache</c>.</summary>
public static class CacheCommand
{
    public static Command Create(CommandHandler handler)
    {
        var info = new Command("info", "Show the size and contents of the cache directory");
        handler.Bind(info, (_, ctx, _) =>
        {
            var cache = new DirectoryInfo(ctx.Home.Cache);
            var entries = cache.Exists ? cache.GetFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList() : [];
            if (entries.Count == 0)
            {
                ctx.Out.WriteLine("Cache is currently empty");
                return Task.FromResult(0);
            }
            var sizes = entries.Select(e => (e.Name, Size: SizeOf(e))).ToList();
            ctx.Out.WriteLine($"Total size of cache directory: {SizeFormatter.Format(sizes.Sum(s => s.Size))}");
            ctx.Out.WriteLine("Cache contents:");
            var width = sizes.Max(s => s.Name.Length) + 2;
            foreach (var (name, size) in sizes)
                ctx.Out.WriteLine($"  ./{name.PadRight(width)}{SizeFormatter.Format(size)}");
            return Task.FromResult(0);
        });

        var clear = new Command("clear", "Remove everything in the cache directory");
        handler.Bind(clear, (_, ctx, _) =>
        {
            var cache = new DirectoryInfo(ctx.Home.Cache);
            if (!cache.Exists) return Task.FromResult(0);
            foreach (var entry in cache.GetFileSystemInfos())
            {
                try
                {
                    if (entry is DirectoryInfo d) d.Delete(recursive: true);
                    else entry.Delete();
                }
                catch (IOException) { /* KitOps ignores errors here: a busy file stays for next time */ }
                catch (UnauthorizedAccessException) { }
            }
            return Task.FromResult(0);
        });

        return new Command("cache", "Manage the temporary cache of kit") { info, clear };
    }

    private static long SizeOf(FileSystemInfo entry) => entry switch
    {
        FileInfo f => f.Length,
        DirectoryInfo d => d.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Sum(f => f.Length),
        _ => 0,
    };
}
