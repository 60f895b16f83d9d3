using Kit.Core.Kitfiles;

namespace Kit.Core.Tests.Kitfile;

public class YamlParametersTests
{
    private static string Convert(string yamlValue)
    {
        var k = KitfileYaml.Read("model:\n  parameters: " + yamlValue + "\n");
        var w = new Kit.Oci.Serialization.GoJsonWriter();
        KitfileJson.WriteParameter(w, k.Model!.Parameters ?? throw new InvalidOperationException("absent"));
        return w.ToString();
    }

    // Expected: what KitOps writes into the config (yaml.v3 -> interface{} -> encoding/json).
    [Theory]
    [InlineData("0xFF", "255")]
    [InlineData("0XfF", "255")]
    [InlineData("0o17", "15")]
    [InlineData("0b101", "5")]
    [InlineData("0777", "511")]
    [InlineData("09", "9")]
    [InlineData("1_000", "1000")]
    [InlineData("-0x10", "-16")]
    [InlineData("+12", "12")]
    [InlineData("0b-101", "-5")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("18446744073709551616", "18446744073709552000")]
    [InlineData("1.2e+3", "1200")]
    [InlineData("12.3", "12.3")]
    [InlineData("1.0", "1")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData(".5", "0.5")]
    [InlineData("-.5e1", "-5")]
    [InlineData("1.", "1")]
    [InlineData("-0.0", "-0")]
    [InlineData("1_000.5", "1000.5")]
    public void Numbers(string yaml, string json) => Assert.Equal(json, Convert(yaml));

    [Theory]
    [InlineData("true", "true")]
    [InlineData("True", "true")]
    [InlineData("FALSE", "false")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("on", "\"on\"")]
    [InlineData("n", "\"n\"")]
    [InlineData("tRUE", "\"tRUE\"")]
    public void Booleans(string yaml, string json) => Assert.Equal(json, Convert(yaml));

    [Theory]
    [InlineData("[~, null, Null, NULL, ]", "[null,null,null,null]")]
    [InlineData("{a: }", "{\"a\":null}")]
    public void Nulls(string yaml, string json) => Assert.Equal(json, Convert(yaml));

    [Fact]
    public void TopLevelNullIsAbsent()
    {
        Assert.Null(KitfileYaml.Read("model:\n  parameters: ~\n").Model!.Parameters);
        Assert.Null(KitfileYaml.Read("model:\n  parameters:\n").Model!.Parameters);
    }

    [Theory]
    [InlineData("'123'", "\"123\"")]
    [InlineData("\"true\"", "\"true\"")]
    [InlineData("!!str 12", "\"12\"")]
    [InlineData("!!float 1", "1")]
    [InlineData("!!int 0x10", "16")]
    [InlineData("2001-12-14", "\"2001-12-14\"")]
    [InlineData("2001-12-14t21:59:43.10-05:00", "\"2001-12-14t21:59:43.10-05:00\"")]
    [InlineData("1e400", "\"1e400\"")]
    [InlineData("0x", "\"0x\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("12:30", "\"12:30\"")]
    [InlineData("<<", "\"\\u003c\\u003c\"")]
    [InlineData("héllo <&>", "\"héllo \\u003c\\u0026\\u003e\"")]
    public void StringsAndTags(string yaml, string json) => Assert.Equal(json, Convert(yaml));

    [Fact]
    public void BlockScalarsKeepTheirTrailingNewline()
    {
        var k = KitfileYaml.Read("model:\n  parameters:\n    prompt: |\n      line1\n      line2\n    strip: |-\n      x\n    folded: >\n      a\n      b\n");
        var w = new Kit.Oci.Serialization.GoJsonWriter();
        KitfileJson.WriteParameter(w, k.Model!.Parameters!);
        Assert.Equal("{\"folded\":\"a b\\n\",\"prompt\":\"line1\\nline2\\n\",\"strip\":\"x\"}", w.ToString());
    }

    [Fact]
    public void MapsAreSortedByteWise() =>
        Assert.Equal("{\"B\":1,\"a\":2,\"b\":3,\"é\":4,\"\uFB01\":6,\"\U0001F600\":5}", Convert("{b: 3, é: 4, a: 2, B: 1, \U0001F600: 5, \uFB01: 6}"));

    [Fact]
    public void NestedStructures() =>
        Assert.Equal("{\"layers\":[{\"n\":1},[2,\"x\"]],\"opt\":{\"betas\":[0.9,0.999]}}",
            Convert("{opt: {betas: [0.9, 0.999]}, layers: [{n: 1}, [2, x]]}"));

    [Theory]
    [InlineData("{1: a}", "parameter keys must be strings")]
    [InlineData("{true: a}", "parameter keys must be strings")]
    [InlineData("{~: a}", "parameter keys must be strings")]
    [InlineData("{[a]: b}", "parameter keys must be strings")]
    [InlineData(".inf", "not representable in JSON")]
    [InlineData("[-.Inf]", "not representable in JSON")]
    [InlineData("{a: .nan}", "not representable in JSON")]
    [InlineData("!!int abc", "cannot decode")]
    public void Rejected(string yaml, string message)
    {
        var e = Assert.Throws<KitfileException>(() => Convert(yaml));
        Assert.Contains(message, e.Message);
        Assert.StartsWith("Kitfile line 2, column ", e.Message);
    }

    [Fact]
    public void QuotedNumericKeysAreStrings() => Assert.Equal("{\"1\":\"a\"}", Convert("{'1': a}"));

    [Fact]
    public void AliasesExpandAndBombsAreStopped()
    {
        Assert.Equal("{\"a\":[1,2],\"b\":[1,2]}", Convert("{a: &x [1, 2], b: *x}"));
        var bomb = "\n    a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Join("", Enumerable.Range(0, 8).Select(i =>
            $"    {(char)('b' + i)}: &{(char)('b' + i)} [{string.Join(", ", Enumerable.Repeat("*" + (char)('a' + i), 10))}]\n"));
        Assert.Contains("too many nodes", Assert.Throws<KitfileException>(() => Convert(bomb)).Message);
    }
}
