using System.Text;

namespace Kit.Cli.Output.Templates;

/// <summary>
/// A Go text/template, parsed once and executed on explicitly bound values (<see cref="ITemplateRecord"/>): no
/// reflection, so it is safe under Native AOT and trimming. See <see cref="TemplateParser"/> for what is understood.
/// </summary>
internal sealed class GoTemplate
{
    private readonly List<TemplateNode> _nodes;

    private GoTemplate(List<TemplateNode> nodes) => _nodes = nodes;

    /// <exception cref="TemplateException">The template does not parse.</exception>
    public static GoTemplate Parse(string text) => new(TemplateParser.Parse(text));

    /// <exception cref="TemplateException">A field, function or value does not fit.</exception>
    public string Execute(TemplateValue dot)
    {
        var sb = new StringBuilder();
        var scope = new Scope(dot);
        Run(_nodes, dot, scope, sb);
        return sb.ToString();
    }

    private sealed class Scope(TemplateValue root)
    {
        public List<(string Name, TemplateValue Value)> Variables { get; } = [("$", root)];

        public TemplateValue Lookup(string name)
        {
            for (var i = Variables.Count - 1; i >= 0; i--)
            {
                if (Variables[i].Name == name) return Variables[i].Value;
            }
            throw new TemplateException($"undefined variable: {name}");
        }
    }

    private static void Run(List<TemplateNode> nodes, TemplateValue dot, Scope scope, StringBuilder output)
    {
        var mark = scope.Variables.Count;
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case ActionNode action:
                    var value = Evaluate(action.Pipe, dot, scope);
                    if (action.Pipe.Declared.Count == 0) output.Append(value);
                    break;
                case IfNode branch:
                {
                    var inner = scope.Variables.Count;
                    var condition = Evaluate(branch.Condition, dot, scope);
                    if (condition.IsTrue) Run(branch.Then, branch.IsWith ? condition : dot, scope, output);
                    else Run(branch.Else, dot, scope, output);
                    scope.Variables.RemoveRange(inner, scope.Variables.Count - inner);
                    break;
                }
                case RangeNode range:
                    RunRange(range, dot, scope, output);
                    break;
            }
        }
        scope.Variables.RemoveRange(mark, scope.Variables.Count - mark);
    }

    private static void RunRange(RangeNode range, TemplateValue dot, Scope scope, StringBuilder output)
    {
        var inner = scope.Variables.Count;
        var source = Evaluate(range.Source with { Declared = [] }, dot, scope);
        if (source.Kind is not (TemplateKind.List or TemplateKind.Nil))
            throw new TemplateException($"range can't iterate over {source}");
        var items = source.Items ?? [];
        if (items.Count == 0)
        {
            Run(range.Else, dot, scope, output);
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            var declared = range.Source.Declared;
            if (declared.Count == 1) scope.Variables.Add((declared[0], items[i]));
            if (declared.Count == 2)
            {
                scope.Variables.Add((declared[0], TemplateValue.Of(i)));
                scope.Variables.Add((declared[1], items[i]));
            }
            Run(range.Body, items[i], scope, output);
            scope.Variables.RemoveRange(inner, scope.Variables.Count - inner);
        }
    }

    private static TemplateValue Evaluate(Pipeline pipe, TemplateValue dot, Scope scope)
    {
        TemplateValue? value = null;
        foreach (var command in pipe.Commands)
            value = Evaluate(command, dot, scope, value);
        if (pipe.Declared.Count == 1) scope.Variables.Add((pipe.Declared[0], value!));
        return value!;
    }

    private static TemplateValue Evaluate(TemplateCommand command, TemplateValue dot, Scope scope, TemplateValue? piped)
    {
        if (command.Args[0] is FunctionOperand function)
        {
            var args = command.Args.Skip(1).Select(a => Operand(a, dot, scope)).ToList();
            if (piped is not null) args.Add(piped);
            return TemplateFunctions.Call(function.Name, args);
        }
        if (command.Args.Count > 1 || piped is not null)
            throw new TemplateException($"can't give argument to non-function {Describe(command.Args[0])}");
        return Operand(command.Args[0], dot, scope);
    }

    private static TemplateValue Operand(Operand operand, TemplateValue dot, Scope scope) => operand switch
    {
        FieldOperand field => Fields(field.Variable is null ? dot : scope.Lookup(field.Variable), field.Chain),
        LiteralOperand literal => literal.Value,
        FunctionOperand function => TemplateFunctions.Call(function.Name, []),
        PipelineOperand inner => Evaluate(inner.Pipe, dot, scope),
        _ => TemplateValue.Nil,
    };

    private static TemplateValue Fields(TemplateValue value, IReadOnlyList<string> chain)
    {
        foreach (var name in chain)
        {
            if (value.Kind != TemplateKind.Record || !value.Record!.TryGetField(name, out var next))
                throw new TemplateException($"can't evaluate field {name} in type {value.TypeName}");
            value = next;
        }
        return value;
    }

    private static string Describe(Operand operand) => operand switch
    {
        FieldOperand f => (f.Variable ?? "") + (f.Chain.Count == 0 && f.Variable is null ? "." : string.Concat(f.Chain.Select(c => "." + c))),
        LiteralOperand l => l.Value.ToString(),
        _ => "value",
    };
}
