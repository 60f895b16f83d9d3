using System.Runtime.InteropServices;
using System.Text;

namespace Kit.Core.Packing;

/// <summary>Tells FIFOs, sockets and devices apart from empty regular files.</summary>
/// <remarks>
/// .NET reports all of them as zero-length "Normal" files. KitOps skips them, and opening a FIFO would block
/// forever, so on Linux the file type is read with statx (its struct layout is the same on every architecture).
/// Elsewhere they are treated as empty regular files, which is harmless because empty files are never opened.
/// </remarks>
internal static class SpecialFile
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;

    private static bool s_unavailable;

    public static bool IsSpecial(string fullPath)
    {
        if (!OperatingSystem.IsLinux() || s_unavailable)
            return false;
        var buffer = new byte[256];
        var path = Encoding.UTF8.GetBytes(fullPath + "\0");
        try
        {
            if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
                return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return false;
        }
        var mode = BitConverter.ToUInt16(buffer, ModeOffset);
        return (mode & TypeMask) != RegularType;
    }

    [DllImport("libc", EntryPoint = "statx")]
    private static extern int Statx(int dirFd, byte[] path, int flags, uint mask, byte[] buffer);
}
