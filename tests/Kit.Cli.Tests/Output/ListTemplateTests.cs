using Kit.Cli.Output;
using Kit.Core;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Cli.Tests.Output;

public sealed class ListTemplateTests
{
    private static readonly Digest D = Digest.Compute("x"u8);
    private static readonly ModelKitListing[] Rows =
    [
        new("localhost/demo", D, ["1", "latest"], "demo-model", "Ann", 2048),
        new("registry.example.com/team/m", D, [], null, null, 0),
    ];

    private static string Run(string template)
    {
        var w = new StringWriter();
        ModelKitListOutput.Write(w, Rows, template);
        return w.ToString();
    }

    [Fact]
    public void Fields_are_substituted_once_per_modelkit_with_a_newline_added()
    {
        Assert.Equal($"demo [1 latest] {D}\nregistry.example.com/team/m [] {D}\n", Run("{{.Repo}} {{ .Tags }} {{.Digest}}"));
        Assert.Equal("demo-model|Ann|2.0 KiB\n||0 B\n", Run("{{.ModelName}}|{{.Author}}|{{.Size}}\n"));
    }

    [Theory]
    [InlineData("{{.Nope}}", "unknown field .Nope")]
    [InlineData("{{range .Tags}}{{.}}{{end}}", "only {{.Field}} actions")]
    [InlineData("{{.Repo | upper}}", "only {{.Field}} actions")]
    public void Unsupported_templates_are_refused_before_any_work(string template, string expected)
    {
        var ex = Assert.Throws<KitException>(() => ModelKitListOutput.Validate(template));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_format_word_is_refused()
    {
        Assert.Contains("use table, json or a template", Assert.Throws<KitException>(() => ModelKitListOutput.Validate("yaml")).Message, StringComparison.Ordinal);
    }
}
