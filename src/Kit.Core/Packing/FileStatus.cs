using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Kit.Core.Packing;

/// <summary>
/// What Linux's statx says about a path (not following a final symlink): the facts .NET does not expose (file type
/// beyond file/directory, inode, device, change time, nanosecond times). The struct statx layout is the same on every
/// architecture, so it is read by offset.
/// </summary>
internal readonly record struct FileStatus(int Mode, ulong Inode, ulong Device, long Size, long ModifiedNs, long ChangedNs)
{
    /// <summary>How many names the file has (hard links).</summary>
    public uint Links { get; init; }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint BasicStats = 0x7ff;

    private static bool s_unavailable;

    public bool IsRegularFile => (Mode & 0xF000) == 0x8000;

    /// <summary>False where statx is not available (not Linux, an old C library) or the path cannot be read.</summary>
    public static bool TryRead(string fullPath, out FileStatus status)
    {
        status = default;
        if (!OperatingSystem.IsLinux() || s_unavailable)
            return false;
        Span<byte> buffer = stackalloc byte[256];
        var path = Encoding.UTF8.GetBytes(fullPath + "\0");
        try
        {
            if (Statx(AtFdCwd, path, AtSymlinkNoFollow, BasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
                return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return false;
        }
        status = new FileStatus(
            Mode: BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]),
            Inode: BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]),
            Device: ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]),
            Size: BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]),
            ModifiedNs: Nanoseconds(buffer[112..]),
            ChangedNs: Nanoseconds(buffer[96..]))
        {
            Links = BinaryPrimitives.ReadUInt32LittleEndian(buffer[16..]),
        };
        return true;
    }

    // struct statx_timestamp { s64 tv_sec; u32 tv_nsec; }
    private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        BinaryPrimitives.ReadInt64LittleEndian(timestamp) * 1_000_000_000 + BinaryPrimitives.ReadUInt32LittleEndian(timestamp[8..]);

#pragma warning disable SYSLIB1054, CA5392, CA2101 // byte[] and ref byte are blittable; LibraryImport would need unsafe code in this project.
    [DllImport("libc", EntryPoint = "statx")]
    private static extern int Statx(int dirFd, byte[] path, int flags, uint mask, ref byte buffer);
#pragma warning restore SYSLIB1054, CA5392, CA2101
}
