using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Store.Migration;

/// <summary>
/// Moves a legacy per-repository layout's blobs into the shared <c>blobs/sha256/</c>. Runs under the store's
/// exclusive index lock, so GC cannot sweep a moved blob before the index names it.
/// </summary>
internal sealed class LegacyBlobMover(OciLayoutStore store, Action<string> warn)
{
    public int Moved { get; private set; }
    public int Deduplicated { get; private set; }

    public void MoveAll(string legacyLayout)
    {
        var blobs = Path.Combine(legacyLayout, "blobs", "sha256");
        if (!Directory.Exists(blobs))
            return;
        foreach (var file in Directory.EnumerateFiles(blobs))
        {
            if (!Digest.TryParseHex(Path.GetFileName(file), out var digest))
                continue;
            if (store.Exists(digest))
            {
                // Same digest, same bytes: the copy the shared store has is the one to keep (reads verify it).
                Deduplicated++;
                continue;
            }
            if (TryRename(file, digest) || CopyVerified(legacyLayout, digest))
                Moved++;
        }
    }

    private bool TryRename(string file, Digest digest)
    {
        try
        {
            // Same file system (both live under storage/), so this is a rename and the bytes are not read.
            File.Move(file, store.GetBlobPath(digest));
            MakeReadOnly(store.GetBlobPath(digest));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Copying reads the bytes anyway, so it checks them: a corrupt legacy blob is not published.</summary>
    private bool CopyVerified(string legacyLayout, Digest digest)
    {
        var temp = Path.Combine(store.Root, "ingest", "blob-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var source = new OciLayoutStore(legacyLayout).OpenRead(digest))
            using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                source.CopyTo(target);
                target.Flush(flushToDisk: true);
            }
            File.Move(temp, store.GetBlobPath(digest));
            MakeReadOnly(store.GetBlobPath(digest));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ContentIntegrityException)
        {
            File.Delete(temp);
            warn($"cannot copy blob {digest} out of {legacyLayout}: {Formatting.FileSystemMessages.Reason(e)}");
            return false;
        }
    }

    private static void MakeReadOnly(string path)
    {
        if (OperatingSystem.IsWindows())
            return;
        try
        {
            File.SetUnixFileMode(path, OciLayoutStore.BlobMode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Mode is hygiene only; the blob is usable either way.
        }
    }
}
