using System.Text.Json;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>kit list as of KitOps 1.17: integer sizes in JSON, -f/--filter by Kitfile entry, Go templates.</summary>
public sealed class ListFormatTests : KitTestBase
{
    private string Context(string name, string kitfile)
    {
        var dir = Work.Combine(name);
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        File.WriteAllText(Path.Combine(dir, "data", "reviews.csv"), "a,b\n");
        File.WriteAllText(Path.Combine(dir, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(dir, "Kitfile"), kitfile);
        return dir;
    }

    [Fact]
    public void Filter_lists_modelkits_with_a_matching_Kitfile_entry()
    {
        var withData = Pack(Context("a", "manifestVersion: 1.0.0\nmodel:\n  path: model.bin\ndatasets:\n  - name: reviews\n    path: data\n"), "-t", "with-data:1");
        var modelOnly = Pack(Context("b", "manifestVersion: 1.0.0\nmodel:\n  path: model.bin\n"), "-t", "model-only:1");

        string Digests(params string[] args) =>
            string.Join(",", JsonDocument.Parse(Kit.Run(["list", "--format", "json", .. args]).ShouldSucceed().Stdout).RootElement
                .EnumerateArray().Select(e => e.GetProperty("digest").GetString()));
        Assert.Equal(withData, Digests("-f", "datasets"));
        Assert.Equal(withData, Digests("--filter", "datasets:reviews"));
        Assert.Equal(withData, Digests("-f", "datasets:./data"));
        Assert.Equal("", Digests("-f", "datasets:other"));
        Assert.Equal(2, Digests("-f", "kitfile").Split(',').Length);
        Assert.Equal(modelOnly, Digests("model-only", "-f", "model"));
        Assert.Equal(2, Digests("-f", "code", "-f", "model").Split(',').Length);
        Assert.StartsWith("[ERROR] Invalid arguments: invalid filter \"bogus\": invalid filter type bogus",
            Kit.Run("list", "-f", "bogus").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);

        using var doc = JsonDocument.Parse(Kit.Run("list", "--format", "json", "with-data").ShouldSucceed().Stdout);
        var row = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(["repo", "digest", "tags", "modelName", "size", "author"], row.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, row.GetProperty("size").ValueKind);
        Assert.Equal("<none>", row.GetProperty("author").GetString());

        var templated = Kit.Run("list", "--format", "{{range .Tags}}{{$.Repo}}:{{.}}{{end}} {{if gt .Size 0}}sized{{end}}", "-f", "datasets").ShouldSucceed();
        Assert.Equal("with-data:1 sized\n", templated.Stdout);
        Assert.Equal("[ERROR] invalid --format template {{.Size | nope}}: function \"nope\" not defined",
            Kit.Run("list", "--format", "{{.Size | nope}}").ShouldFail().SingleErrorLine());
    }
}
