using Kit.Core.Store.KitOps;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Store.Migration;

/// <summary>
/// Brings ModelKits that KitOps (before 0.3) stored in one OCI layout per repository into the shared store, as
/// KitOps itself does: blobs move into the shared <c>blobs/</c>, names into index.json (and so into KitOps's current
/// per-repository files, which the store keeps in step). Run before a command touches the store.
/// </summary>
/// <remarks>
/// Crash safety: a legacy layout is deleted only after index.json is saved, and every step is idempotent,
/// so an interrupted migration is finished by the next command. Legacy blobs move before the save, under
/// the index lock (GC cannot run) and stay in blobs/ where a re-run finds them.
/// </remarks>
internal sealed class KitOpsStoreMigration(OciLayoutStore store, Action<string> info, Action<string> warn)
{
    private const string UnmigratedSuffix = ".unmigrated";

    /// <summary>Null when there was nothing to migrate (the common case; it then costs one directory listing).</summary>
    public async Task<MigrationReport?> MigrateIfNeededAsync(CancellationToken cancellationToken = default)
    {
        if (KitOpsStorage.Detect(store.Root).IsEmpty)
            return null;
        using var _ = await MigrationLock.AcquireAsync(store.Root, store.LockTimeout, cancellationToken).ConfigureAwait(false);
        // Whoever held the lock before us may have migrated everything already.
        var found = KitOpsStorage.Detect(store.Root);
        if (found.IsEmpty)
            return null;
        info("Migrating local storage to new format");

        var run = new Run(store, found, warn);
        await store.UpdateIndexAsync(run.Apply, cancellationToken).ConfigureAwait(false);
        run.CleanUp();
        var report = run.Report;
        info(report.Summary);
        return report;
    }

    /// <summary>One migration: read and merge under the index lock, then remove what was migrated.</summary>
    private sealed class Run(OciLayoutStore store, KitOpsStorage found, Action<string> warn)
    {
        private readonly List<string> _migratedLayouts = [];
        private readonly List<string> _unreadable = [];
        private readonly LegacyBlobMover _mover = new(store, warn);
        private int _skipped;
        private List<MigratedName> _names = [];

        public MigrationReport Report => new(
            _names.Select(n => n.Repository).Distinct(StringComparer.Ordinal).Count(),
            _names.Select(n => (n.Repository, n.Manifest.Digest)).Distinct().Count(),
            _names.Count(n => n.Tag is not null),
            _skipped,
            _mover.Moved,
            _mover.Deduplicated);

        /// <summary>Runs under the exclusive index lock, so it must not call into the store's locking API.</summary>
        public ImageIndex Apply(ImageIndex index)
        {
            var names = new List<MigratedName>();
            var legacy = new LegacyLayoutReader(store.Root, warn);
            foreach (var layout in found.LegacyLayouts)
            {
                if (legacy.RepositoryOf(layout) is not { } repository || legacy.Read(layout, repository) is not { } read)
                {
                    _unreadable.Add(Path.Combine(layout, "index.json"));
                    continue;
                }
                _mover.MoveAll(layout);
                names.AddRange(read);
                _migratedLayouts.Add(layout);
            }
            _names = names.Where(HasManifest).ToList();
            var next = IndexEdits.AddMissing(index, _names.Select(n => (n.Repository, n.Tag, n.Manifest)));
            return KitOpsSharedIndex.DropNamedBareEntries(next);
        }

        private bool HasManifest(MigratedName name)
        {
            if (store.Exists(name.Manifest.Digest))
                return true;
            _skipped++;
            warn($"{name.Repository}{(name.Tag is null ? "@" + name.Manifest.Digest : ":" + name.Tag)}: manifest blob {name.Manifest.Digest} is missing; not migrated");
            return false;
        }

        /// <summary>After index.json is saved: a crash before this only means the next run redoes a no-op merge.</summary>
        public void CleanUp()
        {
            // Deepest first: a nested repository's layout lives inside its parent repository's directory.
            foreach (var layout in _migratedLayouts.OrderByDescending(l => l.Length))
            {
                DeleteLayout(layout);
                RemoveEmptyParents(layout);
            }
            // Kept for the user to inspect, but renamed so that detection stops finding them at every start.
            foreach (var path in _unreadable)
            {
                if (File.Exists(path))
                {
                    File.Move(path, path + UnmigratedSuffix, overwrite: true);
                    warn($"{path} was not migrated; kept as {path + UnmigratedSuffix}");
                }
            }
        }

        /// <summary>index.json goes last: until it is gone, the next command still finds and (idempotently) finishes the layout.</summary>
        private void DeleteLayout(string layout)
        {
            try
            {
                foreach (var sub in new[] { "blobs", "ingest" })
                {
                    if (Directory.Exists(Path.Combine(layout, sub)))
                        Directory.Delete(Path.Combine(layout, sub), recursive: true);
                }
                foreach (var file in Directory.EnumerateFiles(layout).Where(f => Path.GetFileName(f) != "index.json").ToList())
                    File.Delete(file);
                File.Delete(Path.Combine(layout, "index.json"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                warn($"cannot delete {layout}: {Formatting.FileSystemMessages.Reason(e)}");
            }
        }

        private void RemoveEmptyParents(string directory)
        {
            while (!string.Equals(Path.TrimEndingDirectorySeparator(directory), Path.TrimEndingDirectorySeparator(store.Root), StringComparison.Ordinal)
                && Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
                directory = Path.GetDirectoryName(directory)!;
            }
        }
    }
}
