namespace Kit.Cli.Output.Templates;

/// <summary>The parsed form of a template: text, actions and the control structures <c>if</c>, <c>with</c> and <c>range</c>.</summary>
internal abstract record TemplateNode;

internal sealed record TextNode(string Text) : TemplateNode;

/// <summary><c>{{pipeline}}</c>: prints its value unless it declares a variable.</summary>
internal sealed record ActionNode(Pipeline Pipe) : TemplateNode;

/// <summary><c>{{if}}</c> (or <c>{{with}}</c>, which also sets dot) with its branches; <c>else if</c> is an <see cref="IfNode"/> inside <see cref="Else"/>.</summary>
internal sealed record IfNode(Pipeline Condition, bool IsWith, List<TemplateNode> Then, List<TemplateNode> Else) : TemplateNode;

/// <summary><c>{{range [$i, $v :=] pipeline}}</c> over a list; <see cref="Else"/> runs for an empty one.</summary>
internal sealed record RangeNode(Pipeline Source, List<TemplateNode> Body, List<TemplateNode> Else) : TemplateNode;

/// <summary>Commands joined by <c>|</c>, each getting the previous value as its last argument; optionally declaring variables.</summary>
internal sealed record Pipeline(IReadOnlyList<string> Declared, IReadOnlyList<TemplateCommand> Commands);

internal sealed record TemplateCommand(IReadOnlyList<Operand> Args);

internal abstract record Operand;

/// <summary><c>.A.B</c> on dot (<see cref="Variable"/> null), or <c>$x.A</c> / <c>$.A</c> on a variable.</summary>
internal sealed record FieldOperand(string? Variable, IReadOnlyList<string> Chain) : Operand;

internal sealed record LiteralOperand(TemplateValue Value) : Operand;

internal sealed record FunctionOperand(string Name) : Operand;

internal sealed record PipelineOperand(Pipeline Pipe) : Operand;
