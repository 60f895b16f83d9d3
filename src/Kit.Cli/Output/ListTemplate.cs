using Kit.Cli.Output.Templates;
using Kit.Core;
using Kit.Core.Store;
using Kit.Oci.Serialization;

namespace Kit.Cli.Output;

/// <summary>
/// The Go-template form of <c>kit list --format</c>: executed once per ModelKit on KitOps's record
/// (<c>.Repo .Tags .Digest .ModelName .Size .Author</c>, <c>.Size</c> in bytes), a newline added unless the template ends
/// with one. Every row is rendered before anything is written, so a template that fails prints one error line and
/// nothing else (KitOps exits silently, possibly after partial output).
/// </summary>
public sealed class ListTemplate
{
    private readonly GoTemplate _template;
    private readonly string _text;
    private readonly bool _endsWithNewline;

    private ListTemplate(string text, GoTemplate template)
    {
        _text = text;
        _template = template;
        _endsWithNewline = text.EndsWith('\n');
    }

    public static bool IsTemplate(string? format) => format is not null && format.Contains("{{", StringComparison.Ordinal);

    /// <summary>Parses the template and runs it once on an empty record, so unknown fields and functions are refused before any work.</summary>
    /// <exception cref="KitException">The template is not valid; one line.</exception>
    public static ListTemplate Parse(string template)
    {
        try
        {
            var parsed = new ListTemplate(template, GoTemplate.Parse(template));
            parsed.Render(new ModelKitListing("localhost/x", Kit.Oci.Digest.Compute([]), ["t"], "n", "a", 1));
            return parsed;
        }
        catch (TemplateException e)
        {
            throw Invalid(template, e);
        }
    }

    public void Write(TextWriter output, IEnumerable<ModelKitListing> rows)
    {
        string text;
        try
        {
            text = string.Concat(rows.Select(Render));
        }
        catch (TemplateException e)
        {
            throw Invalid(_text, e);
        }
        output.Write(text);
    }

    private string Render(ModelKitListing row)
    {
        var text = _template.Execute(TemplateValue.Of(new ListRecord(row)));
        return _endsWithNewline ? text : text + "\n";
    }

    private static KitException Invalid(string template, TemplateException e) =>
        new($"invalid --format template {template}: {e.Message}");

    /// <summary>KitOps's list record; <c>&lt;none&gt;</c> for a missing name or author, a nil tag list for an untagged ModelKit.</summary>
    internal sealed class ListRecord(ModelKitListing row) : ITemplateRecord
    {
        public string TypeName => "list.ModelInfo";

        public bool TryGetField(string name, out TemplateValue value)
        {
            value = name switch
            {
                "Repo" => TemplateValue.Of(row.DisplayRepository),
                "Tags" => TemplateValue.StringList(row.Tags, nilWhenEmpty: true),
                "Digest" => TemplateValue.Of(row.Digest.ToString()),
                "ModelName" => TemplateValue.Of(row.ModelName ?? ModelKitListOutput.None),
                "Size" => TemplateValue.Of(row.Size),
                "Author" => TemplateValue.Of(row.Author ?? ModelKitListOutput.None),
                _ => TemplateValue.Nil,
            };
            return value != TemplateValue.Nil;
        }

        public void WriteJson(GoJsonWriter writer) => ModelKitListOutput.WriteJsonRecord(writer, row);
    }
}
