using System.Runtime.InteropServices;

namespace Kit.Cli.Hosting;

/// <summary>
/// A standard descriptor read and written with <c>read(2)</c> and <c>write(2)</c>, which move the descriptor's offset.
/// A FileStream over a descriptor that is a regular file uses <c>pread</c>/<c>pwrite</c> at a position of its own and
/// leaves that offset where it was: with <c>kit pack ... &gt;log 2&gt;&amp;1</c> stdout and stderr then overwrite
/// each other, and what a script writes after kit lands on top of kit's lines, as it would not after KitOps.
/// </summary>
internal sealed partial class DescriptorStream(int descriptor, FileAccess access) : Stream
{
    private const int EINTR = 4;
    private const int EAGAIN = 11;

    public override bool CanRead => access == FileAccess.Read;
    public override bool CanWrite => access == FileAccess.Write;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!CanRead)
            throw new NotSupportedException();
        while (true)
        {
            var n = SysRead(descriptor, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
            if (n >= 0)
                return (int)n;
            WaitOrThrow("read");
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!CanWrite)
            throw new NotSupportedException();
        while (!buffer.IsEmpty)
        {
            var n = SysWrite(descriptor, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
            if (n >= 0)
                buffer = buffer[(int)n..];
            else
                WaitOrThrow("write");
        }
    }

    // EINTR: retry. EAGAIN: a parent left the descriptor non-blocking; wait a little rather than lose output.
    // Anything else becomes an IOException whose HResult is the errno (EPIPE = 32 is how a closed pipe is recognised),
    // naming the stream: "No space left on device" alone reads as if kit's store were full.
    private void WaitOrThrow(string operation)
    {
        var errno = Marshal.GetLastPInvokeError();
        if (errno == EINTR)
            return;
        if (errno == EAGAIN)
        {
            Thread.Sleep(1);
            return;
        }
        var stream = descriptor switch { 0 => "standard input", 1 => "standard output", 2 => "standard error", _ => $"descriptor {descriptor}" };
        throw new IOException($"cannot {operation} {stream}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint SysRead(int descriptor, ref byte buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint SysWrite(int descriptor, ref byte buffer, nuint count);
}
