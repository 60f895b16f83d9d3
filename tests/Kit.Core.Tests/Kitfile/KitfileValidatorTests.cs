using Kit.Core.Kitfiles;

namespace Kit.Core.Tests.Kitfile;

public class KitfileValidatorTests
{
    private static IReadOnlyList<string> Problems(string yaml) => KitfileValidator.FindProblems(KitfileYaml.Read(yaml));

    [Fact]
    public void ValidKitfileHasNoProblems()
    {
        var k = KitfileYaml.Read("manifestVersion: 1\nmodel:\n  name: m\n  path: model\n  parts:\n    - {name: p, path: p, type: lora_v1.2-x}\ncode:\n  - path: src\ndocs:\n  - path: README.md\n");
        KitfileValidator.Validate(k);
        Assert.Empty(KitfileValidator.FindProblems(k));
    }

    [Fact]
    public void DuplicatePathsListEveryId() =>
        Assert.Equal(["model m, dataset d, code layer 0 and docs layer 1 use the same path x"],
            Problems("model: {name: m, path: x}\ndatasets: [{name: d, path: x}]\ncode: [{path: x}]\ndocs: [{path: y}, {path: x}]\n"));

    [Theory]
    [InlineData("./m", "m")]
    [InlineData("m/", "m")]
    [InlineData("a//b/./c/", "a/b/c")]
    [InlineData("a/../m", "m")]
    public void DuplicatesAreComparedAfterCleaning(string written, string other) =>
        Assert.Equal([$"code layer 0 and code layer 1 use the same path {KitfilePath.Clean(other)}"],
            Problems($"code: [{{path: '{written}'}}, {{path: '{other}'}}]\n"));

    [Fact]
    public void EmptyPathCountsAsDot() =>
        Assert.Equal(["model m and code layer 0 use the same path ."], Problems("model: {name: m}\ncode: [{path: .}]\n"));

    [Theory]
    [InlineData("/abs/model")]
    [InlineData("/")]
    public void AbsolutePathsAreRejected(string path) =>
        Assert.Equal([$"absolute paths are not supported in a Kitfile (path {path} in modelpart p)"],
            Problems($"model:\n  parts: [{{name: p, path: '{path}'}}]\n"));

    [Theory]
    [InlineData("-lora")]
    [InlineData(".x")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("é")]
    public void InvalidPartTypes(string type) =>
        Assert.Equal(["modelpart p has invalid type (must be alphanumeric with dots, dashes, and underscores)"],
            Problems($"model:\n  parts: [{{name: p, path: p, type: '{type}'}}]\n"));

    [Fact]
    public void PartTypeLengthLimit()
    {
        Assert.Empty(Problems($"model:\n  parts: [{{name: p, path: p, type: {new string('a', 64)}}}]\n"));
        Assert.Equal(["modelpart p type is too long (must be fewer than 64 characters)"],
            Problems($"model:\n  parts: [{{name: p, path: p, type: {new string('a', 65)}}}]\n"));
    }

    [Fact]
    public void AllProblemsAreSortedIntoOneMessage()
    {
        var k = KitfileYaml.Read("model: {name: m, path: /m}\ncode: [{path: a}, {path: a}]\ndatasets: [{name: d, path: /d}]\n");
        var e = Assert.Throws<KitfileValidationException>(() => KitfileValidator.Validate(k));
        Assert.Equal(
            "errors while validating Kitfile: \n" +
            "  * absolute paths are not supported in a Kitfile (path /d in dataset d)\n" +
            "  * absolute paths are not supported in a Kitfile (path /m in model m)\n" +
            "  * code layer 0 and code layer 1 use the same path a",
            e.Message);
        Assert.Equal(3, e.Problems.Count);
    }

    [Theory]
    [InlineData("", ".")]
    [InlineData(".", ".")]
    [InlineData("./", ".")]
    [InlineData("a/b/../c", "a/c")]
    [InlineData("../x", "../x")]
    [InlineData("a/../../x", "../x")]
    [InlineData("//a//", "/a")]
    [InlineData("/..", "/")]
    public void CleanMatchesGoPathClean(string path, string expected) => Assert.Equal(expected, KitfilePath.Clean(path));

    private static IReadOnlyList<string> Warnings(string yaml) => KitfileValidator.FindWarnings(KitfileYaml.Read(yaml));

    [Theory]
    [InlineData("1.0")]
    [InlineData("v1.0.0")]
    [InlineData("")]
    public void A_manifest_version_other_than_1_0_0_is_a_warning(string version)
    {
        Assert.Equal([$"Unrecognized manifestVersion {version}: treating Kitfile as 1.0.0"], Warnings($"manifestVersion: '{version}'\n"));
        Assert.Empty(Problems($"manifestVersion: '{version}'\n"));
        Assert.Empty(Warnings("manifestVersion: 1.0.0\n"));
    }

    [Theory]
    [InlineData("code", "code", "http://example.com/x")]
    [InlineData("docs", "doc", "https://example.com/x")]
    [InlineData("prompts", "prompt", "https://example.com/p")]
    public void Http_paths_are_refused_with_both_of_kitops_lines(string section, string noun, string path) =>
        Assert.Equal([$"invalid path for {noun} ({path}): HTTP urls are not supported in paths ({path})",
                      $"invalid path for {noun} ({path}): only local paths are permitted"],
            Problems($"manifestVersion: 1.0.0\n{section}:\n  - path: '{path}'\n"));

    [Fact]
    public void Only_the_model_may_name_a_modelkit_and_s3_or_other_urls_are_not_local()
    {
        Assert.Empty(Problems("manifestVersion: 1.0.0\nmodel:\n  path: registry.example.com/org/parent:1\n"));
        Assert.Equal(["invalid path for model: only local paths and ModelKit references are permitted"],
            Problems("manifestVersion: 1.0.0\nmodel:\n  path: s3://bucket/model\n"));
        Assert.Equal(["invalid path for model part (registry.example.com/org/parent:1): only local paths are permitted"],
            Problems("manifestVersion: 1.0.0\nmodel:\n  parts:\n    - path: registry.example.com/org/parent:1\n"));
        Assert.Equal(["invalid path for dataset (ftp://host/x): only local paths are permitted",
                      "invalid path for dataset (ftp://host/x): unrecognized URL in path: ftp://host/x"],
            Problems("manifestVersion: 1.0.0\ndatasets:\n  - name: d\n    path: ftp://host/x\n"));
    }

    [Theory]
    [InlineData("a%zz")] // not a URL for Go's url.Parse: a local path
    [InlineData("my file.txt")]
    [InlineData("notes on x:y.txt")] // not a reference (spaces), and a colon in the first segment fails url.Parse
    public void Strings_that_are_not_urls_are_local_paths(string path) =>
        Assert.Empty(Problems($"manifestVersion: 1.0.0\ncode:\n  - path: '{path}'\n"));

    [Fact]
    public void Paths_outside_the_context_are_refused_by_their_cleaned_form() =>
        Assert.Equal(["paths outside the context directory are not supported in a Kitfile (path ../outside/skills/personal in prompt layer 0)"],
            Problems("manifestVersion: 1.0.0\nprompts:\n  - path: ../outside/skills/personal/\n"));

    [Fact]
    public void Remote_dataset_rules()
    {
        Assert.Empty(Problems("manifestVersion: 1.0.0\ndatasets:\n  - {name: d, path: data, remotePath: 's3://bucket/key', remoteHash: etag}\n"));
        Assert.Equal(["remoteHash is required when remote dataset paths are used (s3://bucket/key)"],
            Problems("manifestVersion: 1.0.0\ndatasets:\n  - {name: d, path: data, remotePath: 's3://bucket/key'}\n"));
        Assert.Equal(["only S3 URLs and ModelKit references are supported for remote dataset paths (mybucket.s3.us-east-2.amazonaws.com)"],
            Problems("manifestVersion: 1.0.0\ndatasets:\n  - {name: d, path: data, remotePath: mybucket.s3.us-east-2.amazonaws.com, remoteHash: h}\n"));
        Assert.Equal(["invalid remote path for dataset (https://host/x): HTTP urls are not supported in paths (https://host/x)",
                      "only S3 URLs and ModelKit references are supported for remote dataset paths (https://host/x)"],
            Problems("manifestVersion: 1.0.0\ndatasets:\n  - {name: d, path: data, remotePath: 'https://host/x', remoteHash: h}\n"));
        Assert.Equal(["remote hash is only applicable when remotePath is set"],
            Problems("manifestVersion: 1.0.0\ndatasets:\n  - {name: d, path: data, remoteHash: h}\n"));

        const string kitRef = "manifestVersion: 1.0.0\ndatasets:\n  - {name: d, path: data/train, remotePath: 'docker.io/kit-org/kit-repo:latest', remoteHash: h}\n";
        Assert.Empty(Problems(kitRef));
        Assert.Equal(["remoteHash is ignored for ModelKit references in datasets (data/train)"], Warnings(kitRef));
    }

    [Fact]
    public void Nothing_may_be_packed_inside_the_path_of_a_dataset_from_another_modelkit()
    {
        const string kitfile = "manifestVersion: 1.0.0\ndatasets:\n  - {name: d, path: data/train, remotePath: 'docker.io/kit-org/kit-repo:latest'}\n"
            + "  - {name: nested, path: data/train/extra}\n  - {name: sibling, path: data/train2}\ncode:\n  - path: ./data/train/code\n";
        Assert.Equal(["code layer 0 uses a path (data/train/code) that is within the path for a remote dataset",
                      "dataset nested uses a path (data/train/extra) that is within the path for a remote dataset"],
            Problems(kitfile));
    }

    [Fact]
    public void Mcp_server_rules()
    {
        Assert.Empty(Problems("manifestVersion: 1.0.0\nmcpServers:\n  - {name: fs, path: fs.mcpb}\n"));
        Assert.Equal(["invalid path for mcpServer (servers/): path must point to a single .mcpb file"],
            Problems("manifestVersion: 1.0.0\nmcpServers:\n  - {name: fs, path: servers/}\n"));
        Assert.Equal(["mcpServer with path fs.mcpb must have a name"], Problems("manifestVersion: 1.0.0\nmcpServers:\n  - {path: fs.mcpb}\n"));
        Assert.Equal(["duplicate mcpServer name fs: names must be unique"],
            Problems("manifestVersion: 1.0.0\nmcpServers:\n  - {name: fs, path: a.mcpb}\n  - {name: fs, path: b.mcpb}\n  - {name: fs, path: c.mcpb}\n"));
        Assert.Equal(["code layer 0 and mcpServer layer 0 use the same path filesystem.mcpb"],
            Problems("manifestVersion: 1.0.0\ncode:\n  - path: filesystem.mcpb\nmcpServers:\n  - {name: filesystem, path: filesystem.mcpb}\n"));
        Assert.Equal(["invalid path for mcpServer (s3://b/x.mcpb): only local paths are permitted"],
            Problems("manifestVersion: 1.0.0\nmcpServers:\n  - {name: fs, path: 's3://b/x.mcpb'}\n"));
    }
}
