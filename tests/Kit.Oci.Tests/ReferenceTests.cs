namespace Kit.Oci.Tests;

public class ReferenceTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("localhost/test", "localhost", "test", null)]
    [InlineData("localhost/test:v1", "localhost", "test", "v1")]
    [InlineData("localhost:5000/org/model:1.0", "localhost:5000", "org/model", "1.0")]
    [InlineData("ghcr.io/a/b/c/d:_x", "ghcr.io", "a/b/c/d", "_x")]
    [InlineData("127.0.0.1:5000/r:t", "127.0.0.1:5000", "r", "t")]
    [InlineData("[::1]:5000/r:t", "[::1]:5000", "r", "t")]
    [InlineData("[fe80::1]/r", "[fe80::1]", "r", null)]
    [InlineData("Registry.Example.COM/r:T", "registry.example.com", "r", "T")]
    [InlineData("r.io/a.b_c__d---e/f:t", "r.io", "a.b_c__d---e/f", "t")]
    public void Parses_tag_references(string input, string registry, string repository, string? tag)
    {
        var reference = Reference.Parse(input);
        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Null(reference.Digest);
    }

    [Fact]
    public void Parses_digest_reference_and_round_trips()
    {
        var reference = Reference.Parse($"org.com/r@sha256:{Hex}");
        Assert.Equal("org.com", reference.Registry);
        Assert.Equal("r", reference.Repository);
        Assert.Null(reference.Tag);
        Assert.Equal(Hex, reference.Digest?.Hex);
        Assert.Equal($"org.com/r@sha256:{Hex}", reference.ToString());
        Assert.Equal($"sha256:{Hex}", reference.ReferenceValue);
    }

    [Fact]
    public void Digest_wins_over_tag()
    {
        var reference = Reference.Parse($"org.com/r:v1@sha256:{Hex}");
        Assert.Null(reference.Tag);
        Assert.Equal($"org.com/r@sha256:{Hex}", reference.ToString());
    }

    [Theory]
    [InlineData("localhost/test")]
    [InlineData("localhost/test:v1")]
    [InlineData("localhost:5000/a/b/c:1.0-rc_1")]
    [InlineData("[::1]:443/x:y")]
    public void ToString_round_trips(string input)
    {
        var reference = Reference.Parse(input);
        Assert.Equal(input, reference.ToString());
        Assert.Equal(reference, Reference.Parse(reference.ToString()));
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("test", "registry is required")]
    [InlineData("test:v1", "registry is required")]
    [InlineData("/test", "registry is empty")]
    [InlineData("localhost/", "repository name is empty")]
    [InlineData("localhost/Test", "must be lowercase")]
    [InlineData("localhost/a//b", "empty path component")]
    [InlineData("localhost/a/", "empty path component")]
    [InlineData("localhost/-a", "must start and end")]
    [InlineData("localhost/a-", "must start and end")]
    [InlineData("localhost/a..b", "\"..\"")]
    [InlineData("localhost/a___b", "\"___\"")]
    [InlineData("localhost/a._b", "\"._\"")]
    [InlineData("localhost/a b", "\" \"")]
    [InlineData("localhost/é", "must start and end")]
    [InlineData("localhost/a:", "tag is empty")]
    [InlineData("localhost/a:-x", "must start with")]
    [InlineData("localhost/a:.x", "must start with")]
    [InlineData("localhost/a:x+y", "'+'")]
    [InlineData("localhost/a:v1\n", "'\n'")]
    [InlineData("localhost/a:é", "must start with")]
    [InlineData("localhost/a@sha256:abc", "invalid digest")]
    [InlineData("localhost/a@", "invalid digest")]
    [InlineData("localhost/a@sha512:abc", "invalid digest")]
    [InlineData("-bad.com/a", "not a valid host")]
    [InlineData("bad-.com/a", "not a valid host")]
    [InlineData("a..com/a", "not a valid host")]
    [InlineData("a_b.com/a", "not a valid host")]
    [InlineData("host:/a", "invalid port")]
    [InlineData("host:0/a", "invalid port")]
    [InlineData("host:65536/a", "invalid port")]
    [InlineData("host:123456/a", "invalid port")]
    [InlineData("host:+80/a", "invalid port")]
    [InlineData("host:80:80/a", "invalid port")]
    [InlineData("[::1/a", "unterminated")]
    [InlineData("[zz]/a", "invalid IPv6")]
    [InlineData("[127.0.0.1]/a", "invalid IPv6")]
    [InlineData("[::1]x/a", "not a valid host")]
    public void Rejects_invalid_input_with_reason(string? input, string reason)
    {
        Assert.False(Reference.TryParse(input, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        if (input is not null)
        {
            var ex = Assert.Throws<FormatException>(() => Reference.Parse(input));
            Assert.StartsWith($"invalid reference \"{input}\": ", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Tag_length_limit_is_128()
    {
        Assert.True(Reference.TryParse("r.io/a:" + new string('t', 128), out _));
        Assert.False(Reference.TryParse("r.io/a:" + new string('t', 129), out _, out var error));
        Assert.Contains("limit is 128", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_repository_is_rejected_quickly()
    {
        // Exponential backtracking in the spec regex would take minutes on this input.
        var input = "r.io/" + string.Concat(Enumerable.Repeat("a-", 5000)) + "!";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(Reference.TryParse(input, out _));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Create_validates_and_builds_canonical_form()
    {
        Assert.Equal("localhost/x:v1", Reference.Create("LOCALHOST", "x", "v1").ToString());
        Assert.Equal($"localhost/x@sha256:{Hex}", Reference.Create("localhost", "x", digest: Digest.Parse($"sha256:{Hex}")).ToString());
        Assert.Throws<FormatException>(() => Reference.Create("localhost", "X"));
        Assert.Throws<FormatException>(() => Reference.Create("localhost", "x", "bad tag"));
        Assert.Throws<ArgumentException>(() => Reference.Create("localhost", "x", "t", Digest.Parse($"sha256:{Hex}")));
    }

    [Fact]
    public void WithTag_and_WithDigest_replace_the_reference()
    {
        var tagged = Reference.Parse("r.io/a:one");
        var digest = Digest.Parse($"sha256:{Hex}");
        Assert.Equal("r.io/a:two", tagged.WithTag("two").ToString());
        Assert.Equal($"r.io/a@sha256:{Hex}", tagged.WithDigest(digest).ToString());
        Assert.Equal("r.io/a:two", tagged.WithDigest(digest).WithTag("two").ToString());
        Assert.Throws<FormatException>(() => tagged.WithTag("sha256:" + Hex));
    }
}
