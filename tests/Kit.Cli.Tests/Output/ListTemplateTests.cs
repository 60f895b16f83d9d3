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
        // v1.17: .Size is the integer number of bytes; a missing name or author is <none>.
        Assert.Equal("demo-model|Ann|2048\n<none>|<none>|0\n", Run("{{.ModelName}}|{{.Author}}|{{.Size}}\n"));
    }

    [Theory]
    [InlineData("{{range .Tags}}{{$.Repo}}:{{.}} {{else}}untagged{{end}}", "demo:1 demo:latest \nuntagged\n")]
    [InlineData("{{range $i, $t := .Tags}}{{if $i}},{{end}}{{$t}}{{end}}", "1,latest\n\n")]
    [InlineData("{{if eq .Repo \"demo\"}}mine{{else if gt .Size 100}}big{{else}}other{{end}}", "mine\nother\n")]
    [InlineData("{{printf \"%-6s|%5d|%q\" .Repo .Size .Author}}", "demo  | 2048|\"Ann\"\nregistry.example.com/team/m|    0|\"<none>\"\n")]
    [InlineData("{{.Repo | printf \"%s!\"}} {{len .Tags}} {{with .Tags}}{{index . 0}}{{end}}", "demo! 2 1\nregistry.example.com/team/m! 0 \n")]
    [InlineData("{{- /* comment */ -}}  {{ .Size -}} \n {{- \"x\" }}", "2048x\n0x\n")]
    [InlineData("{{$r := .Repo}}{{$r}}{{if and .Tags (not .Author)}}?{{end}}", "demo\nregistry.example.com/team/m\n")]
    public void Go_template_subset_works_as_in_Go(string template, string expected) => Assert.Equal(expected, Run(template));

    [Fact]
    public void Json_prints_the_record_with_v1_17_keys()
    {
        // As Go's encoder writes it: <none> is HTML-escaped.
        Assert.Equal(
            $"{{\"repo\":\"demo\",\"digest\":\"{D}\",\"tags\":[\"1\",\"latest\"],\"modelName\":\"demo-model\",\"size\":2048,\"author\":\"Ann\"}}\n"
            + $"{{\"repo\":\"registry.example.com/team/m\",\"digest\":\"{D}\",\"tags\":null,\"modelName\":\"\\u003cnone\\u003e\",\"size\":0,\"author\":\"\\u003cnone\\u003e\"}}\n",
            Run("{{json .}}"));
        var w = new StringWriter();
        ModelKitListOutput.Write(w, Rows[..1], "json");
        Assert.Equal($"[\n  {{\n    \"repo\": \"demo\",\n    \"digest\": \"{D}\",\n    \"tags\": [\n      \"1\",\n      \"latest\"\n    ],\n"
            + "    \"modelName\": \"demo-model\",\n    \"size\": 2048,\n    \"author\": \"Ann\"\n  }\n]\n", w.ToString());
    }

    [Theory]
    [InlineData("{{.Nope}}", "invalid --format template {{.Nope}}: can't evaluate field Nope in type list.ModelInfo")]
    [InlineData("{{.Repo | upper}}", "invalid --format template {{.Repo | upper}}: function \"upper\" not defined")]
    [InlineData("{{range .Tags}}", "invalid --format template {{range .Tags}}: unexpected EOF: missing {{end}}")]
    [InlineData("{{end}}", "invalid --format template {{end}}: unexpected {{end}}")]
    [InlineData("{{.Repo \"x\"}}", "invalid --format template {{.Repo \"x\"}}: can't give argument to non-function .Repo")]
    [InlineData("{{.Repo", "invalid --format template {{.Repo: unclosed action")]
    public void Bad_templates_are_one_line_errors_before_any_work(string template, string expected) =>
        Assert.Equal(expected, Assert.Throws<KitException>(() => ModelKitListOutput.Validate(template)).Message);

    [Fact]
    public void A_failure_while_running_writes_nothing()
    {
        var w = new StringWriter();
        var e = Assert.Throws<KitException>(() => ModelKitListOutput.Write(w, Rows, "{{index .Tags 1}}"));
        Assert.Equal("invalid --format template {{index .Tags 1}}: error calling index: index out of range: 1", e.Message);
        Assert.Equal("", w.ToString());
    }

    [Fact]
    public void Unknown_format_word_is_refused()
    {
        Assert.Contains("use table, json or a template", Assert.Throws<KitException>(() => ModelKitListOutput.Validate("yaml")).Message, StringComparison.Ordinal);
    }
}
