using System.Runtime.InteropServices;

namespace Kit.Core.Unpacking;

/// <summary>
/// Copies a whole file with the kernel's copy offload (<c>copy_file_range</c>: a reflink where the file system shares
/// extents, an in-kernel copy otherwise, never through this process's memory), or with a plain stream copy where the
/// kernel cannot (another OS, another file system type, an old kernel).
/// </summary>
internal static class FileCopy
{
    private const int EXDEV = 18, EINVAL = 22, ENOSYS = 38, EOPNOTSUPP = 95;
    private const int CopyBufferSize = 1 << 20;

    /// <summary>Off in tests of the plain copy.</summary>
    internal static bool UseKernel { get; set; } = true;

    /// <summary>Copies <paramref name="source"/> to the new file <paramref name="destination"/> (created with <paramref name="mode"/>).</summary>
    /// <returns>The bytes copied.</returns>
    public static long Copy(string source, string destination, UnixFileMode mode, CancellationToken cancellationToken)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode;
        using var output = new FileStream(destination, options);
        if (UseKernel && OperatingSystem.IsLinux() && TryKernelCopy(input, output, cancellationToken) is { } copied)
            return copied;
        var buffer = new byte[CopyBufferSize];
        long total = 0;
        int n;
        while ((n = input.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            output.Write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /// <returns>The bytes copied; null when the kernel refused before copying anything (then the caller copies).</returns>
    private static long? TryKernelCopy(FileStream input, FileStream output, CancellationToken cancellationToken)
    {
        var inFd = (int)input.SafeFileHandle.DangerousGetHandle();
        var outFd = (int)output.SafeFileHandle.DangerousGetHandle();
        long total = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = (long)copy_file_range(inFd, IntPtr.Zero, outFd, IntPtr.Zero, 1 << 30, 0);
            if (n == 0)
                return total;
            if (n > 0)
            {
                total += n;
                continue;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (total == 0 && errno is EXDEV or EINVAL or ENOSYS or EOPNOTSUPP)
                return null;
            throw new IOException($"copy_file_range failed after {total} bytes (errno {errno})");
        }
    }

#pragma warning disable SYSLIB1054, CA5392 // LibraryImport would need unsafe code in this project; the arguments are blittable.
    [DllImport("libc", SetLastError = true)]
    private static extern nint copy_file_range(int fdIn, IntPtr offIn, int fdOut, IntPtr offOut, nuint length, uint flags);
#pragma warning restore SYSLIB1054, CA5392
}
