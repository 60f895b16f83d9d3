using System.Text;
using Kit.Oci.Serialization;

namespace Kit.Cli.Output.Templates;

/// <summary>The functions a list format may call: Go's built-ins that make sense here, plus <c>json</c> (as Docker's templates have).</summary>
internal static class TemplateFunctions
{
    private static readonly HashSet<string> Names =
        ["len", "index", "printf", "print", "println", "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not", "json"];

    public static bool IsDefined(string name) => Names.Contains(name);

    public static TemplateValue Call(string name, IReadOnlyList<TemplateValue> args)
    {
        switch (name)
        {
            case "len":
                Count(name, args, 1);
                return args[0].Kind switch
                {
                    TemplateKind.String => TemplateValue.Of(Encoding.UTF8.GetByteCount(args[0].Str)),
                    TemplateKind.List => TemplateValue.Of(args[0].Items?.Count ?? 0),
                    _ => throw new TemplateException($"error calling len: len of type {args[0].TypeName}"),
                };
            case "index":
            {
                if (args.Count < 1) Count(name, args, 1);
                var value = args[0];
                foreach (var i in args.Skip(1))
                {
                    if (value.Kind != TemplateKind.List || i.Kind != TemplateKind.Int)
                        throw new TemplateException($"error calling index: can't index item of type {value.TypeName}");
                    var items = value.Items ?? [];
                    if (i.Int < 0 || i.Int >= items.Count)
                        throw new TemplateException($"error calling index: index out of range: {i.Int}");
                    value = items[(int)i.Int];
                }
                return value;
            }
            case "printf":
                if (args.Count < 1 || args[0].Kind != TemplateKind.String)
                    throw new TemplateException("wrong number of args for printf: want at least 1 string");
                return TemplateValue.Of(GoPrintf.Format(args[0].Str, args.Skip(1).ToList()));
            case "print":
            {
                var sb = new StringBuilder();
                for (var i = 0; i < args.Count; i++)
                {
                    // fmt.Sprint: a space between operands when neither is a string.
                    if (i > 0 && args[i].Kind != TemplateKind.String && args[i - 1].Kind != TemplateKind.String) sb.Append(' ');
                    sb.Append(args[i]);
                }
                return TemplateValue.Of(sb.ToString());
            }
            case "println":
                return TemplateValue.Of(string.Join(' ', args.Select(a => a.ToString())) + "\n");
            case "eq":
                if (args.Count < 2) Count(name, args, 2);
                return TemplateValue.Of(args.Skip(1).Any(b => Compare("eq", args[0], b) == 0));
            case "ne": Count(name, args, 2); return TemplateValue.Of(Compare(name, args[0], args[1]) != 0);
            case "lt": Count(name, args, 2); return TemplateValue.Of(Compare(name, args[0], args[1]) < 0);
            case "le": Count(name, args, 2); return TemplateValue.Of(Compare(name, args[0], args[1]) <= 0);
            case "gt": Count(name, args, 2); return TemplateValue.Of(Compare(name, args[0], args[1]) > 0);
            case "ge": Count(name, args, 2); return TemplateValue.Of(Compare(name, args[0], args[1]) >= 0);
            case "and":
                if (args.Count < 1) Count(name, args, 1);
                return args.FirstOrDefault(a => !a.IsTrue) ?? args[^1];
            case "or":
                if (args.Count < 1) Count(name, args, 1);
                return args.FirstOrDefault(a => a.IsTrue) ?? args[^1];
            case "not": Count(name, args, 1); return TemplateValue.Of(!args[0].IsTrue);
            case "json":
            {
                Count(name, args, 1);
                var w = new GoJsonWriter();
                args[0].WriteJson(w);
                return TemplateValue.Of(w.ToString());
            }
            default:
                throw new TemplateException($"function \"{name}\" not defined");
        }
    }

    private static void Count(string name, IReadOnlyList<TemplateValue> args, int want)
    {
        if (args.Count != want)
            throw new TemplateException($"wrong number of args for {name}: want {want} got {args.Count}");
    }

    private static int Compare(string name, TemplateValue a, TemplateValue b) => (a.Kind, b.Kind) switch
    {
        (TemplateKind.String, TemplateKind.String) => string.CompareOrdinal(a.Str, b.Str),
        (TemplateKind.Int, TemplateKind.Int) => a.Int.CompareTo(b.Int),
        (TemplateKind.Bool, TemplateKind.Bool) when name is "eq" or "ne" => a.Bool == b.Bool ? 0 : 1,
        _ => throw new TemplateException($"error calling {name}: incompatible types for comparison"),
    };
}
