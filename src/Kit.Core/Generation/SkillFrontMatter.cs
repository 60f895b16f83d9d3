using Kit.Core.Kitfiles;

namespace Kit.Core.Generation;

/// <summary>
/// The YAML front matter of a SKILL.md (between a first line <c>---</c> and the next line that is exactly <c>---</c>):
/// the skill's name, description and license.
/// </summary>
internal sealed record SkillFrontMatter(string Name, string Description, string License)
{
    /// <summary>
    /// The front matter of <paramref name="fullPath"/>, or null when it has none, it is empty, or it cannot be read
    /// (then <paramref name="warn"/> says why).
    /// </summary>
    public static SkillFrontMatter? Read(string fullPath, string displayPath, Action<string> warn)
    {
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warn($"Failed to read {displayPath}: {e.Message}");
            return null;
        }
        return Parse(text, displayPath, warn);
    }

    public static SkillFrontMatter? Parse(string text, string displayPath, Action<string> warn)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines[0] != "---") return null;
        var end = Array.IndexOf(lines, "---", 1);
        if (end < 0) return null;
        var yaml = string.Join('\n', lines[1..end]);
        if (string.IsNullOrWhiteSpace(yaml)) return null;
        try
        {
            if (YamlTree.LoadFirstDocument(yaml) is not YamlTreeMapping mapping)
                throw new KitfileException("front matter is not a mapping");
            return new SkillFrontMatter(Field(mapping, "name"), Field(mapping, "description"), Field(mapping, "license"));
        }
        catch (KitfileException e)
        {
            warn($"Malformed frontmatter in {displayPath}: {e.Message}");
            return null;
        }
    }

    private static string Field(YamlTreeMapping mapping, string key)
    {
        foreach (var (k, v) in mapping.Pairs)
        {
            if (k is not YamlTreeScalar { Value: var name } || name != key) continue;
            return v switch
            {
                YamlTreeScalar { IsNull: true } => "",
                YamlTreeScalar scalar => scalar.Value,
                _ => throw new KitfileException($"{key} is a {v.KindName}, not a string"),
            };
        }
        return "";
    }
}
