using System.Buffers;
using System.Runtime.InteropServices;

namespace Kit.Oci.Layout;

/// <summary>
/// A large buffer a short-lived process fills once: index.json read whole (2 MB at 10,000 names, read two or three
/// times by a command), or the two buffers a <see cref="BlobWriter"/> fills from the network or a file. Freshly allocated
/// memory costs a page fault per 4 KiB page on first touch (2,048 for a blob writer, measured at 5% of a pull's wall
/// time), more than the copy into it; on Linux a buffer of 1 MiB or more is therefore its own anonymous mapping that asks
/// for transparent huge pages (one fault per 2 MiB), elsewhere and when smaller an array from the shared pool.
/// </summary>
internal sealed unsafe class HugePageBuffer : MemoryManager<byte>
{
    private const long HugePage = 2 << 20;

    private byte[]? _array;
    private nint _mapping;
    private nuint _mappingLength;
    private nint _start;
    private int _capacity;

    public HugePageBuffer(int capacity) => Allocate(capacity);

    /// <summary>Bytes filled so far, at the start of the buffer.</summary>
    public int Length { get; set; }

    public ReadOnlySpan<byte> Filled => GetSpan()[..Length];

    public ReadOnlyMemory<byte> FilledMemory => Memory[..Length];

    public Span<byte> Free => GetSpan()[Length..];

    /// <summary>Doubles the capacity, keeping what was filled.</summary>
    public void Grow()
    {
        var (oldArray, oldMapping, oldLength) = (_array, _mapping, _mappingLength);
        var filled = Length;
        Allocate(checked(_capacity * 2));
        if (oldArray is not null)
        {
            oldArray.AsSpan(0, filled).CopyTo(GetSpan());
            ArrayPool<byte>.Shared.Return(oldArray);
        }
        else
        {
            // The start of the old data is the first boundary in the old mapping, as TryMap placed it.
            new ReadOnlySpan<byte>((void*)AlignUp(oldMapping), filled).CopyTo(GetSpan());
            _ = Munmap((void*)oldMapping, oldLength);
        }
    }

    private void Allocate(int capacity)
    {
        _capacity = capacity;
        (_array, _mapping, _start) = (null, 0, 0);
        if (OperatingSystem.IsLinux() && capacity >= HugePage / 2 && TryMap(capacity))
            return;
        _array = ArrayPool<byte>.Shared.Rent(capacity);
        _capacity = _array.Length;
    }

    private bool TryMap(int capacity)
    {
        // Huge pages need 2 MiB alignment: map one more huge page and start at the first boundary inside.
        var length = (nuint)(((capacity + HugePage - 1) / HugePage + 1) * HugePage);
        void* mapping;
        try
        {
            mapping = Mmap(null, length, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        if (mapping == MapFailed)
            return false;
        var aligned = AlignUp((nint)mapping);
        // Advice only: without transparent huge pages the mapping works as ordinary memory.
        _ = Madvise((void*)aligned, (nuint)(length - HugePage), MadvHugePage);
        (_mapping, _mappingLength, _start) = ((nint)mapping, length, aligned);
        return true;
    }

    private static nint AlignUp(nint address) => (nint)(((nuint)address + (nuint)HugePage - 1) & ~((nuint)HugePage - 1));

    public override Span<byte> GetSpan() => _array is not null ? _array.AsSpan(0, _capacity) : new Span<byte>((void*)_start, _capacity);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        if (_array is null)
            return new MemoryHandle((byte*)_start + elementIndex);
        var handle = GCHandle.Alloc(_array, GCHandleType.Pinned);
        return new MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, handle);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_array is not null)
            ArrayPool<byte>.Shared.Return(_array);
        else if (_mapping != 0)
            _ = Munmap((void*)_mapping, _mappingLength);
        (_array, _mapping, _start) = (null, 0, 0);
    }

    // The same values on every Linux architecture .NET runs on.
    private const int ProtReadWrite = 0x1 | 0x2;
    private const int MapPrivateAnonymous = 0x02 | 0x20;
    private const int MadvHugePage = 14;
    private static readonly void* MapFailed = (void*)-1;

#pragma warning disable SYSLIB1054 // DllImport keeps the project free of the source generator's partial methods; the signatures are blittable.
    [DllImport("libc", EntryPoint = "mmap")]
    private static extern void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "munmap")]
    private static extern int Munmap(void* address, nuint length);

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(void* address, nuint length, int advice);
#pragma warning restore SYSLIB1054
}
