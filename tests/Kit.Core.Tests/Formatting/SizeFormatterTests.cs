using Kit.Core.Formatting;

namespace Kit.Core.Tests.Formatting;

public class SizeFormatterTests
{
    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1L, "1 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1024L, "1.0 KiB")]
    [InlineData(1126L, "1.0 KiB")]   // 1.0996 rounds down, not up to 1.1
    [InlineData(1127L, "1.1 KiB")]
    [InlineData(1535L, "1.4 KiB")]   // 1.499 -> 1.4 (round-half would say 1.5)
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(1048575L, "1023.9 KiB")] // rounding up would print 1024.0 KiB
    [InlineData(1048576L, "1.0 MiB")]
    [InlineData(1073741823L, "1023.9 MiB")]
    [InlineData(1073741824L, "1.0 GiB")]
    [InlineData(1099511627775L, "1023.9 GiB")]
    [InlineData(1099511627776L, "1.0 TiB")]
    [InlineData(1125899906842623L, "1023.9 TiB")]
    [InlineData(1125899906842624L, "1.0 PiB")]
    [InlineData(1152921504606846976L, "1024.0 PiB")] // no EiB: PiB is the last unit
    [InlineData(long.MaxValue, "8191.9 PiB")]
    public void Formats_boundaries(long bytes, string expected) =>
        Assert.Equal(expected, SizeFormatter.Format(bytes));

    [Fact]
    public void Rejects_negative_sizes() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SizeFormatter.Format(-1));
}
