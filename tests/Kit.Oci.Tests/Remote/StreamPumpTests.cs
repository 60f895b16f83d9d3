using Kit.Oci.Content;
using Kit.Oci.Remote;

namespace Kit.Oci.Tests.Remote;

public sealed class StreamPumpTests
{
    [Fact]
    public async Task Destination_that_lends_its_buffer_receives_straight_into_it()
    {
        var data = TestData.Random(3_000_001);
        var destination = new LendingDestination(capacity: 100_000);
        var copied = await StreamPump.CopyAsync(new MemoryStream(data), destination, skip: 0, CancellationToken.None);
        Assert.Equal(data.Length, copied);
        Assert.Equal(data, destination.Received.ToArray());
        Assert.True(destination.Lent);
    }

    [Fact]
    public async Task Skipping_a_prefix_writes_the_rest_through_the_stream()
    {
        var data = TestData.Random(300_000);
        var destination = new LendingDestination(capacity: 100_000);
        var copied = await StreamPump.CopyAsync(new MemoryStream(data), destination, skip: 777, CancellationToken.None);
        Assert.Equal(data.Length - 777, copied);
        Assert.Equal(data[777..], destination.Received.ToArray());
    }

    /// <summary>Takes bytes through its lent buffer when read into, or through Write when copied to.</summary>
    private sealed class LendingDestination(int capacity) : WriteOnlyStream, IReceiveBuffer
    {
        private readonly byte[] _buffer = new byte[capacity];
        public MemoryStream Received { get; } = new();
        public bool Lent { get; private set; }

        public bool CanLend => true;

        public Memory<byte> GetBuffer()
        {
            Lent = true;
            return _buffer;
        }

        public ValueTask AdvanceAsync(int count, CancellationToken cancellationToken)
        {
            Assert.True(Lent);
            Received.Write(_buffer, 0, count);
            return ValueTask.CompletedTask;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Assert.False(Lent, "a lending destination was written to as well as lent");
            Received.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush() { }
    }
}
