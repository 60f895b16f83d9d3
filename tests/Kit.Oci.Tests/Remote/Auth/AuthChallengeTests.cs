using Kit.Oci.Remote.Auth;

namespace Kit.Oci.Tests.Remote.Auth;

public class AuthChallengeTests
{
    [Fact]
    public void Basic_with_realm()
    {
        var c = Assert.Single(AuthChallenge.ParseAll("Basic realm=\"test-registry\""));
        Assert.Equal(AuthScheme.Basic, c.Scheme);
        Assert.Equal("test-registry", c.Realm);
    }

    [Fact]
    public void Bearer_with_all_registry_parameters()
    {
        var c = Assert.Single(AuthChallenge.ParseAll(
            "Bearer realm=\"http://127.0.0.1:4000/token\",service=\"test-registry\",scope=\"repository:org/model:pull,push repository:other:pull\",error=\"insufficient_scope\""));
        Assert.Equal(AuthScheme.Bearer, c.Scheme);
        Assert.Equal("http://127.0.0.1:4000/token", c.Realm);
        Assert.Equal("test-registry", c.Service);
        Assert.Equal("repository:org/model:pull,push repository:other:pull", c.Scope);
        Assert.Equal("insufficient_scope", c.Error);
    }

    [Theory]
    [InlineData("bearer REALM=\"r\" , Service = s")]
    [InlineData("BEARER realm=r,service=s")]
    [InlineData("Bearer   realm=\"r\",  service=\"s\"  ")]
    [InlineData("Bearer realm=\"r\",,service=\"s\",")]
    public void Case_whitespace_and_token_values(string header)
    {
        var c = Assert.Single(AuthChallenge.ParseAll(header));
        Assert.Equal(AuthScheme.Bearer, c.Scheme);
        Assert.Equal("r", c.Realm);
        Assert.Equal("s", c.Service);
    }

    [Fact]
    public void Quoted_strings_with_escapes_and_commas()
    {
        var c = Assert.Single(AuthChallenge.ParseAll("Bearer realm=\"a\\\"b,c\\\\d\",service=\"x, y\""));
        Assert.Equal("a\"b,c\\d", c.Realm);
        Assert.Equal("x, y", c.Service);
    }

    [Fact]
    public void Several_challenges_in_one_header()
    {
        var cs = AuthChallenge.ParseAll("Basic realm=\"b\", Bearer realm=\"https://auth/token\",service=\"reg\", Negotiate");
        Assert.Equal(3, cs.Count);
        Assert.Equal(AuthScheme.Basic, cs[0].Scheme);
        Assert.Equal("b", cs[0].Realm);
        Assert.Equal(AuthScheme.Bearer, cs[1].Scheme);
        Assert.Equal("reg", cs[1].Service);
        Assert.Equal("Negotiate", cs[2].SchemeName);
        Assert.Equal(AuthScheme.Unknown, cs[2].Scheme);
    }

    [Fact]
    public void Scheme_without_parameters_followed_by_another()
    {
        var cs = AuthChallenge.ParseAll("Basic, Bearer realm=\"r\"");
        Assert.Equal(2, cs.Count);
        Assert.Empty(cs[0].Parameters);
        Assert.Equal("r", cs[1].Realm);
    }

    [Fact]
    public void Token68()
    {
        var cs = AuthChallenge.ParseAll("Negotiate abc+/d==, Basic realm=x");
        Assert.Equal("abc+/d==", cs[0].Token68);
        Assert.Equal("x", cs[1].Realm);
    }

    [Fact]
    public void Several_header_values()
    {
        var cs = AuthChallenge.ParseAll(["Basic realm=\"a\"", "Bearer realm=\"b\""]);
        Assert.Equal(2, cs.Count);
        Assert.Equal(AuthScheme.Bearer, AuthChallenge.Select(cs)!.Scheme);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(",,,")]
    [InlineData("=\"x\"")]
    public void Garbage_yields_nothing_usable(string header)
    {
        Assert.Null(AuthChallenge.Select(AuthChallenge.ParseAll(header)));
    }

    [Fact]
    public void Unterminated_quote_keeps_text()
    {
        var c = Assert.Single(AuthChallenge.ParseAll("Bearer realm=\"http://x/token"));
        Assert.Equal("http://x/token", c.Realm);
    }

    [Fact]
    public void Duplicate_parameter_keeps_first()
    {
        var c = Assert.Single(AuthChallenge.ParseAll("Bearer realm=a, realm=b"));
        Assert.Equal("a", c.Realm);
    }

    [Fact]
    public void Select_prefers_bearer_with_realm()
    {
        var cs = AuthChallenge.ParseAll("Bearer service=x, Basic realm=y");
        Assert.Equal(AuthScheme.Basic, AuthChallenge.Select(cs)!.Scheme);
    }

    [Fact]
    public void ToString_round_trips()
    {
        var c = Assert.Single(AuthChallenge.ParseAll("Bearer realm=\"a\\\"b\",service=s"));
        var again = Assert.Single(AuthChallenge.ParseAll(c.ToString()));
        Assert.Equal(c.Realm, again.Realm);
        Assert.Equal(c.Service, again.Service);
    }
}
