using Kit.Core.Generation;

namespace Kit.Core.Tests.Generation;

/// <summary>KitOps's parseSkillFrontmatter cases.</summary>
public sealed class SkillFrontMatterTests
{
    [Theory]
    [InlineData("---\nname: pdf-tools\ndescription: PDF processing\nlicense: Apache-2.0\n---\n# Skill body", "pdf-tools", "PDF processing", "Apache-2.0")]
    [InlineData("---\nname: my-skill\n---\n# Body", "my-skill", "", "")]
    [InlineData("---\nname: my-skill\ndescription: Use --- to separate sections\n---\n# Body", "my-skill", "Use --- to separate sections", "")]
    [InlineData("---\r\nname: crlf-skill\r\ndescription: Windows style\r\n---\r\n# Body", "crlf-skill", "Windows style", "")]
    [InlineData("---\nname: test\nother: ---value\n---\n# Body", "test", "", "")]
    public void Reads_name_description_and_license(string text, string name, string description, string license)
    {
        var warnings = new List<string>();
        var fm = SkillFrontMatter.Parse(text, "SKILL.md", warnings.Add);
        Assert.Equal(new SkillFrontMatter(name, description, license), fm);
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("# Just a markdown file\nNo frontmatter here.")]
    [InlineData("---\n---\n# Body")]
    [InlineData("---\nname: test\n# No closing delimiter")]
    public void Without_front_matter_gives_nothing(string text)
    {
        var warnings = new List<string>();
        Assert.Null(SkillFrontMatter.Parse(text, "SKILL.md", warnings.Add));
        Assert.Empty(warnings);
    }

    [Fact]
    public void Malformed_yaml_is_a_warning_naming_the_file()
    {
        var warnings = new List<string>();
        Assert.Null(SkillFrontMatter.Parse("---\nname: [invalid yaml\n---\n# Body", "pdf/SKILL.md", warnings.Add));
        Assert.StartsWith("Malformed frontmatter in pdf/SKILL.md: ", Assert.Single(warnings), StringComparison.Ordinal);
    }
}
