namespace Kit.Core.Packing;

/// <summary>Tells FIFOs, sockets and devices apart from empty regular files.</summary>
/// <remarks>
/// .NET reports all of them as zero-length "Normal" files. KitOps skips them, and opening a FIFO would block
/// forever, so on Linux the file type is read with statx. Elsewhere they are treated as empty regular files, which
/// is harmless because empty files are never opened.
/// </remarks>
internal static class SpecialFile
{
    public static bool IsSpecial(string fullPath) => FileStatus.TryRead(fullPath, out var status) && !status.IsRegularFile;
}
