using System.Runtime.InteropServices;
using System.Text;

namespace Kit.Oci.Layout;

/// <summary>
/// fsync of a directory, so a rename survives a power loss (POSIX only makes the new name durable once
/// the directory itself is synced). .NET refuses to open directories as files, hence libc.
/// Best effort: failures are ignored because the data itself is already durable.
/// </summary>
internal static partial class DirectorySync
{
    private const int O_RDONLY = 0;

    public static void Sync(string directory)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
            return;
        try
        {
            var path = Encoding.UTF8.GetBytes(directory + "\0");
            var fd = open(path, O_RDONLY);
            if (fd < 0)
                return;
            _ = fsync(fd);
            _ = close(fd);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc by that name (unusual platform): durability of the rename is then up to the OS.
        }
    }

#pragma warning disable SYSLIB1054, CA5392, CA2101 // byte[] is blittable; LibraryImport would need unsafe code in this project.
    [DllImport("libc", SetLastError = true)]
    private static extern int open(byte[] path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
#pragma warning restore SYSLIB1054, CA5392, CA2101
}
