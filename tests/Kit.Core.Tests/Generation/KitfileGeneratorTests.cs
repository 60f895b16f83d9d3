using Kit.Core.Client;
using Kit.Core.Generation;
using Kit.Core.Kitfiles;

namespace Kit.Core.Tests.Generation;

/// <summary>
/// KitOps's SKILL.md generation cases (generate/skill_test.go) and the rules its file-based cases do not reach: depth,
/// hidden and OS files, license detection. Skills are <c>prompts</c> entries with the front matter's name and description.
/// </summary>
public sealed class KitfileGeneratorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kit-gen-").FullName;
    private readonly List<string> _warnings = [];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string relative, string content = "x")
    {
        var full = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private Kit.Core.Kitfiles.Kitfile Generate(KitfileGenerationOptions? options = null) =>
        KitfileGenerator.Generate(_dir, options, new SyncProgress(m => _warnings.Add(m.Text)));

    private static string[] Paths<T>(IEnumerable<T> entries) where T : IKitfileEntry => [.. entries.Select(e => e.Path)];

    [Fact]
    public void Root_skill_makes_the_whole_directory_one_skill_and_fills_the_package()
    {
        Write("SKILL.md", "---\nname: root-skill\ndescription: Root level skill\nlicense: MIT\n---\n# Body");
        Write("scripts/run.py", "print('hi')");
        var kitfile = Generate();
        var prompt = Assert.Single(kitfile.Prompts);
        Assert.Equal(new PromptEntry { Path = ".", Name = "root-skill", Description = "Root level skill" }, prompt);
        Assert.Empty(kitfile.Code);
        Assert.Equal(new PackageSection { Name = "root-skill", Description = "Root level skill", License = "MIT" }, kitfile.Package);
        Assert.Null(kitfile.Model);
        Assert.Empty(kitfile.Docs);
    }

    [Fact]
    public void Subdirectory_skill_is_one_entry_without_trailing_slash_and_names_a_prompts_only_package()
    {
        Write("pdf-tools/SKILL.md", "---\nname: pdf-tools\ndescription: PDF processing\nlicense: Apache-2.0\n---\n# Body");
        Write("pdf-tools/scripts/run.py", "");
        var kitfile = Generate();
        Assert.Equal(["pdf-tools"], Paths(kitfile.Prompts));
        Assert.Equal(new PackageSection { Name = "pdf-tools", Description = "PDF processing", License = "Apache-2.0" }, kitfile.Package);
    }

    [Fact]
    public void Flags_win_over_the_front_matter_which_still_gives_the_license()
    {
        Write("SKILL.md", "---\nname: skill-name\ndescription: skill desc\nlicense: MIT\n---\n# Body");
        var kitfile = Generate(new KitfileGenerationOptions { Name = "user-name", Description = "user desc" });
        Assert.Equal(new PackageSection { Name = "user-name", Description = "user desc", License = "MIT" }, kitfile.Package);
    }

    [Fact]
    public void Several_skills_do_not_name_the_package_but_the_first_gives_the_license()
    {
        Write("docx/SKILL.md", "---\nname: docx\ndescription: Word processing\nlicense: Apache-2.0\n---\n# Body");
        Write("xlsx/SKILL.md", "---\nname: xlsx\ndescription: Spreadsheet processing\nlicense: BSD-3-Clause\n---\n# Body");
        var kitfile = Generate();
        Assert.Equal(["docx", "xlsx"], Paths(kitfile.Prompts));
        Assert.Equal(new PackageSection { License = "Apache-2.0" }, kitfile.Package);
    }

    [Fact]
    public void A_skill_beside_other_content_does_not_name_the_package()
    {
        Write("my-skill/SKILL.md", "---\nname: my-skill\n---\n# Body");
        Write("docs/guide.md", "# Guide");
        var kitfile = Generate();
        Assert.Equal(["my-skill"], Paths(kitfile.Prompts));
        Assert.Equal("my-skill", kitfile.Prompts[0].Name);
        Assert.Empty(kitfile.Code);
        Assert.Equal(["docs/"], Paths(kitfile.Docs));
        Assert.Equal("", kitfile.Package.Name);
    }

    [Fact]
    public void Root_skill_wins_over_a_subdirectory_skill()
    {
        Write("SKILL.md", "---\nname: root\n---\n# Root");
        Write("sub/SKILL.md", "---\nname: sub\n---\n# Sub");
        var kitfile = Generate();
        Assert.Equal(["."], Paths(kitfile.Prompts));
        Assert.Equal("root", kitfile.Package.Name);
    }

    [Theory]
    [InlineData("SKILL.md")]
    [InlineData("skill.md")]
    [InlineData("Skill.md")]
    public void Skill_file_name_is_case_insensitive(string name)
    {
        Write(Path.Combine("s", name), "no front matter");
        Write("s/README.md");
        Write("s/main.py");
        Assert.Equal(["s"], Paths(Generate().Prompts));
    }

    [Fact]
    public void Malformed_front_matter_warns_once_and_keeps_the_path()
    {
        Write("s/SKILL.md", "---\nname: [invalid\n---\n");
        Assert.Equal(["s"], Paths(Generate().Prompts));
        Assert.StartsWith("Malformed frontmatter in s/SKILL.md", Assert.Single(_warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Depth_zero_takes_subdirectories_whole_and_deeper_depths_look_inside()
    {
        Write("weights/model.gguf");
        Write("weights/extra/notes.sh");
        Write("data/a/train.csv");
        Write("data/b/test.csv");
        Write("tools/run.sh");

        // weights/ is mixed (a model and a directory): code, yet its weights are still the model.
        var flat = Generate();
        Assert.Equal("weights/model.gguf", flat.Model!.Path);
        Assert.Equal(["data/", "tools/", "weights/"], Paths(flat.Code));

        var one = Generate(new KitfileGenerationOptions { Depth = 1 });
        Assert.Equal("weights/model.gguf", one.Model!.Path);
        Assert.Equal(["data/a/", "data/b/"], Paths(one.Datasets));
        Assert.Equal(["tools/run.sh", "weights/extra/"], Paths(one.Code));

        var all = Generate(new KitfileGenerationOptions { Depth = -1 });
        Assert.Equal("weights/model.gguf", all.Model!.Path);
        Assert.Equal(["data/a/train.csv", "data/b/test.csv"], Paths(all.Datasets));
        Assert.Equal(["tools/run.sh", "weights/extra/notes.sh"], Paths(all.Code));
    }

    [Fact]
    public void Hidden_and_os_files_are_left_out()
    {
        Write(".git/config");
        Write(".env");
        Write(".DS_Store");
        Write("Thumbs.db");
        Write("data/desktop.ini");
        Write("data/train.csv");
        Write("model.onnx");
        var kitfile = Generate();
        Assert.Equal("model.onnx", kitfile.Model!.Path);
        Assert.Empty(kitfile.Code);
        Assert.Equal(["data/"], Paths(kitfile.Datasets));
    }

    [Fact]
    public void Recognised_license_goes_to_the_model_else_the_only_dataset_else_the_package()
    {
        const string mit = "Permission is hereby granted, free of charge, to any person obtaining a copy ... The above copyright notice and this permission notice shall be included";
        Write("LICENSE", mit);
        Write("model.gguf");
        Assert.Equal("MIT", Generate().Model!.License);

        File.Delete(Path.Combine(_dir, "model.gguf"));
        Write("train.csv");
        var dataset = Assert.Single(Generate().Datasets);
        Assert.Equal("MIT", dataset.License);

        Write("test.csv");
        var kitfile = Generate();
        Assert.All(kitfile.Datasets, d => Assert.Equal("", d.License));
        Assert.Equal("MIT", kitfile.Package.License);
        Assert.Equal(new DocsEntry { Path = "LICENSE", Description = "License file" }, kitfile.Docs[0]);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void Unrecognised_license_is_a_warning()
    {
        Write("LICENSE.txt", "All rights reserved.");
        var kitfile = Generate();
        Assert.Equal("", kitfile.Package.License);
        Assert.Equal("Unable to determine license type", Assert.Single(_warnings));
    }

    [Fact]
    public void Author_is_the_only_author()
    {
        Assert.Equal(new PackageSection { Authors = ["Jane"] }, Generate(new KitfileGenerationOptions { Author = "Jane" }).Package);
    }

    private sealed class SyncProgress(Action<KitMessage> report) : IProgress<KitMessage>
    {
        public void Report(KitMessage value) => report(value);
    }
}
