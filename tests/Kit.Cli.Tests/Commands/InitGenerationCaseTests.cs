using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.Commands;

/// <summary>
/// KitOps's own Kitfile generation cases (its testing/testdata/kitfile-generation), run the way KitOps runs them:
/// create the files (each holding <c>testing: &lt;path&gt;</c>, so sizes differ by name length), run
/// <c>kit init DIR --name N --desc D --force</c> and compare the Kitfile. Each generated Kitfile must then pack as it is.
/// Expected Kitfiles follow the v1.17 rules (directories with a trailing <c>/</c>, up to five unknown files listed one by
/// one).
/// </summary>
public sealed class InitGenerationCaseTests : KitTestBase
{
    public static TheoryData<string> Cases => [.. GenerationCases.All.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Init_generates_the_kitops_kitfile_and_it_packs(string name)
    {
        var c = GenerationCases.All[name];
        var dir = Work.Combine("testdata");
        Directory.CreateDirectory(dir);
        foreach (var file in c.Files)
        {
            if (file.EndsWith(".mcpb", StringComparison.Ordinal))
                WriteMcpBundle(Work.Combine("testdata", file));
            else
                Work.WriteFile(Path.Combine("testdata", file), "testing: " + file);
        }

        Kit.Run("init", dir, "--name", c.ModelName, "--desc", c.Description, "--force").ShouldSucceed();

        Assert.Equal(c.ExpectedKitfile, File.ReadAllText(Path.Combine(dir, "Kitfile")));
        Pack(dir, "-t", "generated:" + name);
    }

    /// <summary>A bundle pack accepts: a ZIP holding a manifest.json (KitOps's own testdata files are text, which it does not check at init).</summary>
    private static void WriteMcpBundle(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create);
        using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
        writer.Write("""{"manifest_version":"0.2","name":"test","version":"1.0.0"}""");
    }
}

internal sealed record GenerationCase(string Description, string ModelName, string[] Files, string ExpectedKitfile);

internal static class GenerationCases
{
    public static readonly Dictionary<string, GenerationCase> All = new(StringComparer.Ordinal)
    {
        ["directory-handling"] = new("Handles directories", "test-directory-handling",
        [
            "src/test-file.sh", "pkg/test-file.sh", "lib/test-file.sh", "build/test-file.sh", "docs/documentation-file",
            "model-contents/my-model1.gguf", "model-contents/my-model2.gguf", "model-contents/z-metadata.json",
            "dataset-contents/dataset-001.zip", "dataset-contents/dataset-002.zip", "dataset-contents/dataset-003.zip", "dataset-contents/z-metadata.json",
            "my-files/doc1.md", "my-files/doc2.md", "my-files/new.pdf",
            "mixed-contents/documentation.md", "mixed-contents/dataset.csv", "mixed-contents/meta.json",
        ],
            """
            manifestVersion: 1.0.0
            package:
              name: test-directory-handling
              description: Handles directories
            model:
              path: model-contents/my-model1.gguf
              parts:
                - path: model-contents/my-model2.gguf
                - path: model-contents/z-metadata.json
            code:
              - path: build/
              - path: lib/
              - path: mixed-contents/
              - path: pkg/
              - path: src/
            datasets:
              - path: dataset-contents/
            docs:
              - path: docs/
              - path: my-files/

            """),
        ["empty-directory"] = new("Generates empty Kitfile in empty directory", "test-empty", [],
            """
            manifestVersion: 1.0.0
            package:
              name: test-empty
              description: Generates empty Kitfile in empty directory

            """),
        ["existing-Kitfile"] = new("Handles existing Kitfiles", "test-existing-kitfile", ["test-model.npy", "Kitfile", "kitfile", ".kitfile"],
            """
            manifestVersion: 1.0.0
            package:
              name: test-existing-kitfile
              description: Handles existing Kitfiles
            model:
              name: test-model
              path: test-model.npy

            """),
        ["metadata-files-dataset"] = new("Attaches metadata files to datasets when no model", "test-dataset-metadata",
            ["a-dataset.tar", "b-dataset.csv", "c-dataset.zip", "x-metadata.json", "y-metadata.yaml", "z-metadata.xml"],
            """
            manifestVersion: 1.0.0
            package:
              name: test-dataset-metadata
              description: Attaches metadata files to datasets when no model
            datasets:
              - path: a-dataset.tar
              - path: b-dataset.csv
              - path: c-dataset.zip
              - path: x-metadata.json
              - path: y-metadata.yaml
              - path: z-metadata.xml

            """),
        ["metadata-files-model"] = new("Attaches metadata files to Model when present", "test-model-metadata",
        [
            "a-model.gguf", "b-model.safetensors", "c-model.pkl", "d-model.pb", "a-dataset.tar", "b-dataset.csv", "c-dataset.zip",
            "x-metadata.json", "y-metadata.yaml", "z-metadata.xml",
        ],
            """
            manifestVersion: 1.0.0
            package:
              name: test-model-metadata
              description: Attaches metadata files to Model when present
            model:
              path: a-model.gguf
              parts:
                - path: b-model.safetensors
                - path: c-model.pkl
                - path: d-model.pb
                - path: x-metadata.json
                - path: y-metadata.yaml
                - path: z-metadata.xml
            datasets:
              - path: a-dataset.tar
              - path: b-dataset.csv
              - path: c-dataset.zip

            """),
        ["model-and-adaptor"] = new("Handles models with an adaptor", "test-model-and-adaptor",
            ["model-adaptor1.gguf", "model-adaptor2.gguf", "zzzzzzz-main-model-larger-than-normal-files.gguf"],
            """
            manifestVersion: 1.0.0
            package:
              name: test-model-and-adaptor
              description: Handles models with an adaptor
            model:
              name: zzzzzzz-main-model-larger-than-normal-files
              path: zzzzzzz-main-model-larger-than-normal-files.gguf
              parts:
                - path: model-adaptor1.gguf
                - path: model-adaptor2.gguf

            """),
        ["multi-part-models"] = new("Handles multi-part models", "test-multipart",
            ["model-0005.safetensors", "model-0004.safetensors", "model-0003.safetensors", "model-0002.safetensors", "model-0001.safetensors"],
            """
            manifestVersion: 1.0.0
            package:
              name: test-multipart
              description: Handles multi-part models
            model:
              path: model-0001.safetensors
              parts:
                - path: model-0002.safetensors
                - path: model-0003.safetensors
                - path: model-0004.safetensors
                - path: model-0005.safetensors

            """),
        // The v1.17 revision: six unknown files make one catch-all code entry.
        ["type-detect"] = new("Detects type of files based on extension", "test-model-detect",
        [
            "a-model.gguf", "b-model.safetensors", "c-model.pkl", "d-model.pb", "a-dataset.tar", "b-dataset.csv", "c-dataset.zip",
            "a-docs.md", "b-docs.adoc", "c-docs.pdf", "README.md", "LICENSE",
            "test.sh", "bootstrap.sh", "main.sh", "common.sh", "utility.sh", "shared.sh",
        ],
            """
            manifestVersion: 1.0.0
            package:
              name: test-model-detect
              description: Detects type of files based on extension
            model:
              path: a-model.gguf
              parts:
                - path: b-model.safetensors
                - path: c-model.pkl
                - path: d-model.pb
            code:
              - path: .
            datasets:
              - path: a-dataset.tar
              - path: b-dataset.csv
              - path: c-dataset.zip
            docs:
              - path: LICENSE
                description: License file
              - path: README.md
                description: Readme file
              - path: a-docs.md
              - path: b-docs.adoc
              - path: c-docs.pdf

            """),
        // The v1.7 revision of the same case: up to five unknown files now get a code entry each.
        ["type-detect-few-unknown"] = new("Detects type of files based on extension", "test-model-detect",
            ["a-model.gguf", "b-model.safetensors", "a-dataset.tar", "a-docs.md", "README.md", "LICENSE", "test.sh", "bootstrap.sh"],
            """
            manifestVersion: 1.0.0
            package:
              name: test-model-detect
              description: Detects type of files based on extension
            model:
              path: a-model.gguf
              parts:
                - path: b-model.safetensors
            code:
              - path: bootstrap.sh
              - path: test.sh
            datasets:
              - path: a-dataset.tar
            docs:
              - path: LICENSE
                description: License file
              - path: README.md
                description: Readme file
              - path: a-docs.md

            """),
        // KitOps's case without its root SKILL.md, which since v1.16 makes the whole directory one skill (see the skill
        // tests).
        ["prompt-handling"] = new("Handles prompt files", "test-prompt-handling",
        [
            "AGENTS.md", "CLAUDE.md", "my.prompt.md", "test.prompt.pdf", "suffix.prompt",
            "prompts-dir/my.prompt.one", "prompts-dir/my.prompt.two",
            "mixed-prompts/my.prompt.mixed", "mixed-prompts/notes.md", "mixed-prompts/template.html",
            "prompt.md", "notes.md", "README.md",
        ],
            """
            manifestVersion: 1.0.0
            package:
              name: test-prompt-handling
              description: Handles prompt files
            code:
              - path: mixed-prompts/
            docs:
              - path: README.md
                description: Readme file
              - path: notes.md
              - path: prompt.md
            prompts:
              - path: AGENTS.md
              - path: CLAUDE.md
              - path: my.prompt.md
              - path: suffix.prompt
              - path: test.prompt.pdf
              - path: prompts-dir/

            """),
        ["mcp-server-detection"] = new("Detects .mcpb files as MCP servers", "test-mcp-server-detection",
            ["filesystem.mcpb", "postgres.mcpb", "servers/extra.mcpb", "README.md"],
            """
            manifestVersion: 1.0.0
            package:
              name: test-mcp-server-detection
              description: Detects .mcpb files as MCP servers
            docs:
              - path: README.md
                description: Readme file
            mcpServers:
              - name: filesystem
                path: filesystem.mcpb
              - name: postgres
                path: postgres.mcpb
              - name: servers/extra
                path: servers/extra.mcpb

            """),
    };
}
