using Kit.Core.References;
using Kit.Oci;

namespace Kit.Core.Tests.References;

public class ModelReferenceTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string DigestText = "sha256:" + Hex;

    [Theory]
    [InlineData("test", "localhost", "test", "latest", false, "localhost/test:latest")]
    [InlineData("test:v1", "localhost", "test", "v1", true, "localhost/test:v1")]
    [InlineData("localhost/test:v1", "localhost", "test", "v1", true, "localhost/test:v1")]
    [InlineData("localhost/foo", "localhost", "foo", "latest", false, "localhost/foo:latest")]
    [InlineData("a/b/c/d", "localhost", "a/b/c/d", "latest", false, "localhost/a/b/c/d:latest")]
    [InlineData("localhost:5000/x", "localhost:5000", "x", "latest", false, "localhost:5000/x:latest")]
    [InlineData("localhost:5000/org/r:t", "localhost:5000", "org/r", "t", true, "localhost:5000/org/r:t")]
    [InlineData("org.com/r:1.0", "org.com", "r", "1.0", true, "org.com/r:1.0")]
    [InlineData("127.0.0.1:5000/r:t", "127.0.0.1:5000", "r", "t", true, "127.0.0.1:5000/r:t")]
    [InlineData("[::1]:5000/r", "[::1]:5000", "r", "latest", false, "[::1]:5000/r:latest")]
    [InlineData("Ghcr.IO/team/llm:3", "ghcr.io", "team/llm", "3", true, "ghcr.io/team/llm:3")]
    [InlineData("myhost/r", "localhost", "myhost/r", "latest", false, "localhost/myhost/r:latest")]
    [InlineData("localhostx/r", "localhost", "localhostx/r", "latest", false, "localhost/localhostx/r:latest")]
    [InlineData("localhost", "localhost", "localhost", "latest", false, "localhost/localhost:latest")]
    // KitOps quirk kept: without a '/', "host:port" reads as repository:tag.
    [InlineData("localhost:5000", "localhost", "localhost", "5000", true, "localhost/localhost:5000")]
    [InlineData("a.b_c__d--e:_t", "localhost", "a.b_c__d--e", "_t", true, "localhost/a.b_c__d--e:_t")]
    public void Parses_tag_forms(string input, string registry, string repository, string tag, bool explicitTag, string canonical)
    {
        var reference = ModelReference.Parse(input);
        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Null(reference.Digest);
        Assert.False(reference.IsDigestReference);
        Assert.Equal(explicitTag, reference.IsTagExplicit);
        Assert.Empty(reference.ExtraTags);
        Assert.Equal(canonical, reference.ToString());
        Assert.Equal(registry + "/" + repository, reference.FullRepository);
        Assert.Equal(reference, ModelReference.Parse(reference.ToString()));
    }

    [Theory]
    [InlineData("test:v1", false)]
    [InlineData("a/b/c", false)]
    [InlineData("myhost/r", false)]
    [InlineData(DigestText, false)]
    [InlineData("localhost/test:v1", true)]
    [InlineData("localhost:5000/x", true)]
    [InlineData("127.0.0.1:5000/r@" + DigestText, true)]
    [InlineData("ghcr.io/team/llm:3,4", true)]
    public void Records_whether_the_user_named_a_registry(string input, bool namesRegistry)
    {
        var reference = ModelReference.Parse(input);
        Assert.Equal(namesRegistry, reference.NamesRegistry);
        if (reference.Repository != ModelReference.UnnamedRepository)
            Assert.Equal(namesRegistry, reference.WithTag("other").NamesRegistry);
        Assert.Equal(namesRegistry, reference.WithDigest(Digest.Parse(DigestText)).NamesRegistry);
    }

    [Fact]
    public void Bare_digest_is_unnamed_kit_in_localhost()
    {
        var reference = ModelReference.Parse(DigestText);
        Assert.Equal("localhost", reference.Registry);
        Assert.Equal("_", reference.Repository);
        Assert.Null(reference.Tag);
        Assert.True(reference.IsDigestReference);
        Assert.Equal(Hex, reference.Digest?.Hex);
        Assert.Equal("localhost/_@" + DigestText, reference.ToString());
        Assert.Equal(DigestText, reference.Display);
        Assert.Equal(reference, ModelReference.Parse(reference.ToString()));
    }

    [Theory]
    [InlineData("org.com/r@" + DigestText, "org.com", "r")]
    [InlineData("org.com/r:ignored@" + DigestText, "org.com", "r")]
    [InlineData("r@" + DigestText, "localhost", "r")]
    [InlineData("localhost/_@" + DigestText, "localhost", "_")]
    public void Digest_references_never_carry_a_tag(string input, string registry, string repository)
    {
        var reference = ModelReference.Parse(input);
        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Null(reference.Tag);
        Assert.False(reference.IsTagExplicit);
        Assert.Equal(Digest.Parse(DigestText), reference.Digest);
        Assert.Equal($"{registry}/{repository}@{DigestText}", reference.ToString());
    }

    [Fact]
    public void Comma_separates_extra_tags()
    {
        var reference = ModelReference.Parse("localhost:5000/org/r:t,x,y");
        Assert.Equal("t", reference.Tag);
        Assert.Equal(["x", "y"], reference.ExtraTags);
        Assert.True(reference.HasExtraTags);
        Assert.Equal(["t", "x", "y"], reference.AllTags);
        Assert.Equal("localhost:5000/org/r:t", reference.ToString());
    }

    [Fact]
    public void Extra_tags_follow_default_tag_and_digest()
    {
        Assert.Equal(["latest", "t2"], ModelReference.Parse("repo,t2").AllTags);
        var digestRef = ModelReference.Parse(DigestText + ",keep");
        Assert.Equal("_", digestRef.Repository);
        Assert.Equal(["keep"], digestRef.AllTags);
    }

    [Theory]
    [InlineData("", "reference is empty")]
    [InlineData(",t", "reference before ',' is empty")]
    [InlineData(":", "repository name is empty")]
    [InlineData(":v1", "repository name is empty")]
    [InlineData("localhost/", "repository name is empty")]
    [InlineData("Foo:1", "repository name must be lowercase")]
    [InlineData("org.com/Foo", "repository name must be lowercase")]
    [InlineData("a//b", "empty path component")]
    [InlineData("/a", "empty path component")]
    [InlineData("-a", "must start and end")]
    [InlineData("a-", "must start and end")]
    [InlineData("a-:v1", "must start and end")]
    [InlineData("_", "must start and end")]
    [InlineData("_:v1", "must start and end")]
    [InlineData("a..b", "\"..\"")]
    [InlineData("repo:", "tag is empty")]
    [InlineData("repo:-x", "must start with")]
    [InlineData("repo:a b", "' '")]
    [InlineData("repo:a:b", "':'")]
    [InlineData("repo:t1,", "empty tag after ','")]
    [InlineData("repo:t1,,t3", "empty tag after ','")]
    [InlineData("repo:t1,bad tag", "extra tag \"bad tag\"")]
    [InlineData("repo:t1,-x", "extra tag \"-x\" must start with")]
    [InlineData("repo:t1," + DigestText, "is a digest")]
    [InlineData("repo@sha256:abc", "invalid digest \"sha256:abc\" after '@'")]
    [InlineData("repo@", "invalid digest \"\" after '@'")]
    [InlineData("repo@latest", "invalid digest \"latest\"")]
    [InlineData("repo:bad tag@" + DigestText, "' '")]
    [InlineData("sha256:abc", "invalid digest \"sha256:abc\"")]
    [InlineData("sha256:" + Hex + "0", "invalid digest")]
    [InlineData("sha256:" + Hex + ",t", null)]
    [InlineData("bad_host.com/r", "not a valid host")]
    [InlineData("host.com:99999/r", "invalid port")]
    [InlineData("host.com:/r", "invalid port")]
    public void Rejects_odd_input_with_one_line_message(string input, string? reason)
    {
        if (reason is null)
        {
            // Control case: a valid bare digest with an extra tag parses; the digest never becomes a tag.
            var ok = ModelReference.Parse(input);
            Assert.Null(ok.Tag);
            Assert.NotNull(ok.Digest);
            return;
        }
        Assert.False(ModelReference.TryParse(input, out var reference, out var error));
        Assert.Null(reference);
        Assert.StartsWith($"invalid reference \"{input}\": ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        var ex = Assert.Throws<FormatException>(() => ModelReference.Parse(input));
        Assert.Equal(error, ex.Message);
    }

    [Fact]
    public void Lowercase_message_matches_expected_text()
    {
        var ex = Assert.Throws<FormatException>(() => ModelReference.Parse("Foo:1"));
        Assert.Equal("invalid reference \"Foo:1\": repository name must be lowercase", ex.Message);
    }

    [Fact]
    public void Tag_length_boundary()
    {
        Assert.Equal(128, ModelReference.Parse("r:" + new string('a', 128)).Tag!.Length);
        Assert.False(ModelReference.TryParse("r:" + new string('a', 129), out _));
        Assert.False(ModelReference.TryParse("r:t," + new string('a', 129), out _));
    }

    [Fact]
    public void Null_is_rejected() => Assert.False(ModelReference.TryParse(null, out _));

    [Theory]
    [InlineData("localhost/test:t", "test:t")]
    [InlineData("localhost/_@sha256:x", "sha256:x")]
    [InlineData("localhost:5000/x", "localhost:5000/x")]
    [InlineData("localhost/_", "")]
    [InlineData("org.com/r:1", "org.com/r:1")]
    [InlineData("localhostx/r", "localhostx/r")]
    public void FormatRepositoryForDisplay_strips_prefixes(string input, string expected) =>
        Assert.Equal(expected, ModelReference.FormatRepositoryForDisplay(input));

    [Theory]
    [InlineData("test:v1", "test:v1")]
    [InlineData("localhost/test", "test:latest")]
    [InlineData("localhost:5000/test:v1", "localhost:5000/test:v1")]
    [InlineData("org.com/r@" + DigestText, "org.com/r@" + DigestText)]
    public void Display_uses_short_form(string input, string expected) =>
        Assert.Equal(expected, ModelReference.Parse(input).Display);

    [Fact]
    public void Unnamed_is_untagged_localhost_underscore()
    {
        var unnamed = ModelReference.Unnamed;
        Assert.Equal("localhost/_", unnamed.FullRepository);
        Assert.Null(unnamed.Tag);
        Assert.Null(unnamed.Digest);
        Assert.Equal("localhost/_", unnamed.ToString());
        Assert.Empty(unnamed.AllTags);
    }

    [Fact]
    public void WithTag_validates_and_refuses_digest_strings()
    {
        var reference = ModelReference.Parse("org.com/r@" + DigestText);
        var tagged = reference.WithTag("v2");
        Assert.Equal("org.com/r:v2", tagged.ToString());
        Assert.True(tagged.IsTagExplicit);
        Assert.Null(tagged.Digest);
        Assert.Throws<FormatException>(() => reference.WithTag(DigestText));
        Assert.Throws<FormatException>(() => ModelReference.Unnamed.WithTag("v1"));
    }

    [Fact]
    public void WithDigest_drops_tag_and_extras()
    {
        var reference = ModelReference.Parse("r:t1,t2").WithDigest(Digest.Parse(DigestText));
        Assert.Null(reference.Tag);
        Assert.Empty(reference.ExtraTags);
        Assert.Equal("localhost/r@" + DigestText, reference.ToString());
    }

    [Fact]
    public void Equality_ignores_whether_tag_was_typed_but_not_extra_tags()
    {
        Assert.Equal(ModelReference.Parse("r"), ModelReference.Parse("localhost/r:latest"));
        Assert.Equal(ModelReference.Parse("r").GetHashCode(), ModelReference.Parse("localhost/r:latest").GetHashCode());
        Assert.NotEqual(ModelReference.Parse("r:t"), ModelReference.Parse("r:t,u"));
        Assert.NotEqual(ModelReference.Parse("r:t"), ModelReference.Parse("r:u"));
    }

    [Fact]
    public void ToOciReference_converts_named_references_only()
    {
        Assert.Equal(Reference.Parse("org.com/r:1"), ModelReference.Parse("org.com/r:1").ToOciReference());
        Assert.Throws<FormatException>(() => ModelReference.Parse(DigestText).ToOciReference());
    }
}
