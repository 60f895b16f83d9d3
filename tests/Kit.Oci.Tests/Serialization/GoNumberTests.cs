using Kit.Oci.Serialization;

namespace Kit.Oci.Tests.Serialization;

public class GoNumberTests
{
    // Expected values are what Go's json.Marshal(float64) prints.
    [Theory]
    [InlineData(1200.0, "1200")]
    [InlineData(12.3, "12.3")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1.25e-10, "1.25e-10")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789e15, "1.23456789e+23")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.001, "0.001")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(-1e-7, "-1e-7")]
    [InlineData(1.0, "1")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(18446744073709551615.0, "18446744073709552000")]
    public void FormatsLikeEncodingJson(double value, string expected) =>
        Assert.Equal(expected, GoNumber.FormatFloat(value));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void RejectsNonFinite(double value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GoNumber.FormatFloat(value));
}
