using System.Text;

namespace Kit.Core.Skills;

/// <summary>A skill's directory name as KitOps derives it: lower case, <c>[a-z0-9._]</c> kept, every other run one <c>-</c>.</summary>
internal static class SkillName
{
    public const string Unnamed = "unnamed-skill";

    /// <summary>The sanitized form of <paramref name="value"/>; empty when nothing usable is left.</summary>
    public static string Sanitize(string? value)
    {
        var result = new StringBuilder();
        foreach (var c in (value ?? "").ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_') result.Append(c);
            else if (result.Length == 0 || result[^1] != '-') result.Append('-');
        }
        var name = result.ToString().Trim('.', '-');
        return name.Length > 255 ? name[..255].TrimEnd('.', '-') : name;
    }

    /// <summary>The first candidate that is not empty once sanitized, else <see cref="Unnamed"/>.</summary>
    public static string FirstOf(params string?[] candidates) =>
        candidates.Select(Sanitize).FirstOrDefault(n => n.Length > 0) ?? Unnamed;
}
