using Microsoft.Win32.SafeHandles;

namespace Kit.Oci.Layout;

/// <summary>
/// Positional writes handed to the kernel at most 1 MiB at a time. Measured on Linux 6.18 (ext4, a 2-core VM): 512 MiB
/// written into the page cache from one 4 MiB buffer took 0.08 s in 1 MiB (or 256 KiB) pwrite calls and 0.5-0.75 s in
/// 2 or 4 MiB calls. Writers keep their large buffers (fewer hand-offs between reading, hashing and writing) and slice
/// only the system calls.
/// </summary>
internal static class FileWrites
{
    private const int Slice = 1 << 20;

    public static void Write(SafeFileHandle handle, ReadOnlySpan<byte> data, long offset)
    {
        for (var done = 0; done < data.Length; done += Slice)
            RandomAccess.Write(handle, data.Slice(done, Math.Min(Slice, data.Length - done)), offset + done);
    }

    /// <summary>Writes <paramref name="segments"/> one after another from <paramref name="offset"/>.</summary>
    public static void Write(SafeFileHandle handle, IReadOnlyList<ReadOnlyMemory<byte>> segments, long offset)
    {
        // Small pieces go out together in one vectored call; a large one is sliced.
        var batch = new List<ReadOnlyMemory<byte>>();
        var batchLength = 0;
        void Flush()
        {
            if (batch.Count == 0)
                return;
            RandomAccess.Write(handle, batch, offset);
            offset += batchLength;
            batch.Clear();
            batchLength = 0;
        }
        foreach (var segment in segments)
        {
            for (var done = 0; done < segment.Length;)
            {
                var n = Math.Min(segment.Length - done, Slice - batchLength);
                batch.Add(segment.Slice(done, n));
                batchLength += n;
                done += n;
                if (batchLength == Slice)
                    Flush();
            }
        }
        Flush();
    }
}
