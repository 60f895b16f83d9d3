using System.CommandLine;
using Kit.Core.Formatting;
using Kit.Core.Store.Maintenance;

namespace Kit.Cli.Commands.Cache;

/// <summary><c>kit cache info|clear</c> over <c>$KITOPS_HOME/cache</c> and what remote unpack keeps in the store.</summary>
public static class CacheCommand
{
    public static Command Create(CommandHandler handler)
    {
        var info = new Command("info", "Show the size and contents of the cache directory, and what remote unpack keeps in the store");
        handler.Bind(info, async (_, ctx, ct) =>
        {
            var cache = new DirectoryInfo(ctx.Home.Cache);
            var entries = cache.Exists ? cache.GetFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList() : [];
            var (keptBlobs, keptBytes) = await (await MaintenanceAsync(ctx).ConfigureAwait(false)).RemoteUnpackAsync(ct).ConfigureAwait(false);
            if (entries.Count == 0 && keptBlobs == 0)
            {
                ctx.Out.WriteLine("Cache is currently empty");
                return 0;
            }
            if (entries.Count > 0)
            {
                var sizes = entries.Select(e => (e.Name, Size: SizeOf(e))).ToList();
                ctx.Out.WriteLine($"Total size of cache directory: {SizeFormatter.Format(sizes.Sum(s => s.Size))}");
                ctx.Out.WriteLine("Cache contents:");
                var width = sizes.Max(s => s.Name.Length) + 2;
                foreach (var (name, size) in sizes)
                    ctx.Out.WriteLine($"  ./{name.PadRight(width)}{SizeFormatter.Format(size)}");
            }
            // Kept in the store (so the next unpack and a pull reuse it), but a cache all the same.
            if (keptBlobs > 0)
                ctx.Out.WriteLine($"Kept by remote unpack in storage: {SizeFormatter.Format(keptBytes)} in {keptBlobs} blob(s)");
            return 0;
        });

        var clear = new Command("clear", "Remove everything in the cache directory");
        handler.Bind(clear, async (_, ctx, ct) =>
        {
            await (await MaintenanceAsync(ctx).ConfigureAwait(false)).ClearRemoteUnpackAsync(ct).ConfigureAwait(false);
            var cache = new DirectoryInfo(ctx.Home.Cache);
            if (!cache.Exists) return 0;
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
            return 0;
        });

        return new Command("cache", "Manage the temporary cache of kit") { info, clear };
    }

    private static async Task<StorageMaintenance> MaintenanceAsync(CliContext ctx)
    {
        using var kit = RegistryAccess.Client(ctx);
        return new StorageMaintenance((await kit.StoreAsync().ConfigureAwait(false)).Store);
    }

    private static long SizeOf(FileSystemInfo entry) => entry switch
    {
        FileInfo f => f.Length,
        DirectoryInfo d => d.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Sum(f => f.Length),
        _ => 0,
    };
}
