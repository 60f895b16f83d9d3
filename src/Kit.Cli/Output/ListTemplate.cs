using System.Text;
using System.Text.RegularExpressions;
using Kit.Core;
using Kit.Core.Formatting;
using Kit.Core.Store;

namespace Kit.Cli.Output;

/// <summary>
/// The Go-template form of <c>kit list --format</c>, for the part scripts use: text with <c>{{.Field}}</c> actions
/// (<c>.Repo .Tags .Digest .ModelName .Size .Author</c>), run once per ModelKit, a newline added unless the template
/// ends with one. Anything else Go's text/template can do (pipes, range, if) is refused with a clear message
/// rather than guessed at.
/// </summary>
public sealed partial class ListTemplate
{
    private readonly List<Func<ModelKitListing, string>> _parts = [];
    private readonly bool _endsWithNewline;

    private ListTemplate(string template)
    {
        _endsWithNewline = template.EndsWith('\n');
        var at = 0;
        foreach (Match m in Action().Matches(template))
        {
            var literal = template[at..m.Index];
            if (literal.Contains("{{", StringComparison.Ordinal) || literal.Contains("}}", StringComparison.Ordinal))
                throw Unsupported(template);
            _parts.Add(_ => literal);
            _parts.Add(Field(m.Groups[1].Value, template));
            at = m.Index + m.Length;
        }
        var tail = template[at..];
        if (tail.Contains("{{", StringComparison.Ordinal) || tail.Contains("}}", StringComparison.Ordinal))
            throw Unsupported(template);
        _parts.Add(_ => tail);
    }

    public static bool IsTemplate(string? format) => format is not null && format.Contains("{{", StringComparison.Ordinal);

    public static ListTemplate Parse(string template) => new(template);

    public void Write(TextWriter output, IEnumerable<ModelKitListing> rows)
    {
        foreach (var row in rows)
        {
            var sb = new StringBuilder();
            foreach (var part in _parts) sb.Append(part(row));
            if (!_endsWithNewline) sb.Append('\n');
            output.Write(sb.ToString());
        }
    }

    // Go prints a nil slice as [] and a string slice as [a b].
    private static Func<ModelKitListing, string> Field(string name, string template) => name switch
    {
        "Repo" => r => r.DisplayRepository,
        "Tags" => r => "[" + string.Join(' ', r.Tags) + "]",
        "Digest" => r => r.Digest.ToString(),
        "ModelName" => r => r.ModelName ?? "",
        "Size" => r => SizeFormatter.Format(r.Size),
        "Author" => r => r.Author ?? "",
        _ => throw new KitException($"invalid --format template {template}: unknown field .{name} (use .Repo .Tags .Digest .ModelName .Size .Author)"),
    };

    private static KitException Unsupported(string template) =>
        new($"invalid --format template {template}: only {{{{.Field}}}} actions are supported (fields .Repo .Tags .Digest .ModelName .Size .Author)");

    [GeneratedRegex(@"\{\{-?\s*\.([A-Za-z]+)\s*-?\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Action();
}
