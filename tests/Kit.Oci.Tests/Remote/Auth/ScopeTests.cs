using Kit.Oci.Remote.Auth;

namespace Kit.Oci.Tests.Remote.Auth;

public class ScopeTests
{
    [Fact]
    public void Builders()
    {
        Assert.Equal("repository:org/model:pull", Scope.RepositoryPull("org/model"));
        Assert.Equal("repository:org/model:pull,push", Scope.RepositoryPush("org/model"));
        Assert.Equal("repository:org/model:delete", Scope.RepositoryDelete("org/model"));
        Assert.Equal("repository:a:pull,push", Scope.Repository("a", "push", "pull", "push"));
        Assert.Equal("repository:a:*", Scope.Repository("a", "pull", "*"));
        Assert.Equal("registry:catalog:*", Scope.Catalog);
        Assert.Equal(["repository:a:pull,push", "repository:b:pull"], Scope.RepositoryMount("a", "b"));
    }

    [Fact]
    public void Merge_unions_actions_per_resource_and_sorts()
    {
        var merged = Scope.Merge(["repository:b:pull", "repository:a:push", "repository:a:pull", "repository:b:pull"]);
        Assert.Equal(["repository:a:pull,push", "repository:b:pull"], merged);
    }

    [Fact]
    public void Merge_splits_space_separated_lists()
    {
        var merged = Scope.Merge(["repository:a:pull,push repository:b:pull", "repository:a:pull"]);
        Assert.Equal(["repository:a:pull,push", "repository:b:pull"], merged);
    }

    [Fact]
    public void Wildcard_absorbs_other_actions()
    {
        Assert.Equal(["repository:a:*"], Scope.Merge(["repository:a:pull", "repository:a:*", "repository:a:delete"]));
    }

    [Fact]
    public void Names_with_colons_keep_them()
    {
        Assert.Equal(["repository:host:5000/a:pull,push"], Scope.Merge(["repository:host:5000/a:push", "repository:host:5000/a:pull"]));
        Assert.Equal(["host:5000/a"], Scope.RepositoryNames(["repository:host:5000/a:pull"]));
    }

    [Fact]
    public void Unparseable_scopes_are_kept_verbatim()
    {
        Assert.Equal(["odd", "repository:a:pull", "type:"], Scope.Merge(["repository:a:pull", "odd", "type:"]));
    }

    [Fact]
    public void Merge_is_order_independent()
    {
        Assert.Equal(Scope.Merge(["registry:catalog:*", "repository:x:push"]), Scope.Merge(["repository:x:push", "registry:catalog:*"]));
        Assert.Equal(TokenCache.Key("H:1", ["repository:a:push", "repository:a:pull"]), TokenCache.Key("h:1", ["repository:a:pull,push"]));
    }

    [Fact]
    public void Request_scopes_accumulate()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://r/v2/");
        request.WithScopes(Scope.RepositoryPull("a")).WithScopes(Scope.RepositoryPush("a"), Scope.Catalog);
        Assert.Equal(["registry:catalog:*", "repository:a:pull,push"], request.GetScopes());
    }
}
