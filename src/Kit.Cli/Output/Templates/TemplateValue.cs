using System.Globalization;
using Kit.Oci.Serialization;

namespace Kit.Cli.Output.Templates;

/// <summary>A record a template reads fields of; each field is bound by name, no reflection.</summary>
internal interface ITemplateRecord
{
    /// <summary>The Go type name for messages, e.g. <c>list.ModelInfo</c>.</summary>
    string TypeName { get; }

    bool TryGetField(string name, out TemplateValue value);

    /// <summary>The record as JSON (the <c>json</c> function).</summary>
    void WriteJson(GoJsonWriter writer);
}

internal enum TemplateKind { Nil, String, Int, Bool, List, Record }

/// <summary>A value inside a template: what Go's text/template would hold for the kit list fields.</summary>
internal sealed class TemplateValue
{
    private TemplateValue(TemplateKind kind) => Kind = kind;

    public TemplateKind Kind { get; }
    public string Str { get; private init; } = "";
    public long Int { get; private init; }
    public bool Bool { get; private init; }
    /// <summary>The items of a list; null for a nil slice (printed <c>[]</c>, JSON <c>null</c>).</summary>
    public IReadOnlyList<TemplateValue>? Items { get; private init; }
    public ITemplateRecord? Record { get; private init; }

    public static readonly TemplateValue Nil = new(TemplateKind.Nil);
    public static TemplateValue Of(string s) => new(TemplateKind.String) { Str = s };
    public static TemplateValue Of(long n) => new(TemplateKind.Int) { Int = n };
    public static TemplateValue Of(bool b) => new(TemplateKind.Bool) { Bool = b };
    public static TemplateValue Of(ITemplateRecord r) => new(TemplateKind.Record) { Record = r };
    public static TemplateValue ListOf(IReadOnlyList<TemplateValue>? items) => new(TemplateKind.List) { Items = items };
    public static TemplateValue StringList(IReadOnlyList<string> items, bool nilWhenEmpty) =>
        ListOf(items.Count == 0 && nilWhenEmpty ? null : items.Select(Of).ToList());

    /// <summary>Go's truth: false, 0, "", nil and empty lists are false.</summary>
    public bool IsTrue => Kind switch
    {
        TemplateKind.Nil => false,
        TemplateKind.String => Str.Length > 0,
        TemplateKind.Int => Int != 0,
        TemplateKind.Bool => Bool,
        TemplateKind.List => Items is { Count: > 0 },
        _ => true,
    };

    public string TypeName => Kind switch
    {
        TemplateKind.String => "string",
        TemplateKind.Int => "int64",
        TemplateKind.Bool => "bool",
        TemplateKind.List => "[]string",
        TemplateKind.Record => Record!.TypeName,
        _ => "nil",
    };

    /// <summary>As <c>fmt.Print</c> prints it: <c>[a b]</c> for a list, <c>&lt;no value&gt;</c> for nil.</summary>
    public override string ToString() => Kind switch
    {
        TemplateKind.String => Str,
        TemplateKind.Int => Int.ToString(CultureInfo.InvariantCulture),
        TemplateKind.Bool => Bool ? "true" : "false",
        TemplateKind.List => "[" + string.Join(' ', (Items ?? []).Select(i => i.ToString())) + "]",
        TemplateKind.Record => "{" + Record!.TypeName + "}",
        _ => "<no value>",
    };

    public void WriteJson(GoJsonWriter w)
    {
        switch (Kind)
        {
            case TemplateKind.String: w.StringValue(Str); break;
            case TemplateKind.Int: w.Number(Int); break;
            case TemplateKind.Bool: w.Bool(Bool); break;
            case TemplateKind.List when Items is null: w.Null(); break;
            case TemplateKind.List:
                w.StartArray();
                foreach (var item in Items) item.WriteJson(w);
                w.EndArray();
                break;
            case TemplateKind.Record: Record!.WriteJson(w); break;
            default: w.Null(); break;
        }
    }
}
