using Kit.Oci.Serialization;

namespace Kit.Oci.Tests.Serialization;

public class GoJsonWriterInvalidTextTests
{
    [Fact]
    public void LoneSurrogateIsWrittenAsEscapeTextLikeGoWritesInvalidUtf8()
    {
        var w = new GoJsonWriter();
        w.StringValue("a\uD800b");
        // Go: json.Marshal("a\xffb") == `"a\ufffdb"` (six ASCII characters, not the raw U+FFFD).
        Assert.Equal("\"a\\ufffdb\"", w.ToString());
    }

    [Fact]
    public void SurrogatePairIsRaw()
    {
        var w = new GoJsonWriter();
        w.StringValue("\U0001F600");
        Assert.Equal("\"\U0001F600\"", w.ToString());
    }

    [Fact]
    public void FloatUsesGoFormatting()
    {
        var w = new GoJsonWriter();
        w.StartArray();
        w.FloatValue(1e-7);
        w.FloatValue(1e21);
        w.EndArray();
        Assert.Equal("[1e-7,1e+21]", w.ToString());
    }
}
