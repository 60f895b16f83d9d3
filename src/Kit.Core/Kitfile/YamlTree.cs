using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kit.Core.Kitfiles;

/// <summary>A YAML node with its position; aliases are resolved to the anchored node.</summary>
internal abstract class YamlTreeNode(Mark start, string? tag)
{
    public int Line { get; } = (int)start.Line;
    public int Column { get; } = (int)start.Column;

    /// <summary>Explicit tag in long form (<c>tag:yaml.org,2002:str</c>), or null.</summary>
    public string? Tag { get; } = tag;

    public abstract string KindName { get; }
}

internal sealed class YamlTreeScalar(Mark start, string? tag, string value, ScalarStyle style) : YamlTreeNode(start, tag)
{
    public string Value { get; } = value;
    public ScalarStyle Style { get; } = style;
    public bool IsPlainUntagged => Style is ScalarStyle.Plain && Tag is null;
    public bool IsNull => IsPlainUntagged && YamlPlainScalar.Resolve(Value).Kind == YamlScalarKind.Null
                          || Tag == YamlTree.NullTag;
    public override string KindName => "scalar";
}

internal sealed class YamlTreeSequence(Mark start, string? tag) : YamlTreeNode(start, tag)
{
    public List<YamlTreeNode> Items { get; } = [];
    public override string KindName => "sequence";
}

internal sealed class YamlTreeMapping(Mark start, string? tag) : YamlTreeNode(start, tag)
{
    public List<KeyValuePair<YamlTreeNode, YamlTreeNode>> Pairs { get; } = [];
    public override string KindName => "mapping";
}

/// <summary>
/// Builds a <see cref="YamlTreeNode"/> tree from YamlDotNet's event parser (no reflection, AOT-safe).
/// Only the first document is read, like yaml.v3's Decoder.Decode.
/// </summary>
internal static class YamlTree
{
    public const string StrTag = "tag:yaml.org,2002:str";
    public const string NullTag = "tag:yaml.org,2002:null";

    /// <summary>The deepest nesting read, as in KitOps's YAML library (yaml.v3); deeper input is refused at once.</summary>
    public const int MaxDepth = 10_000;

    /// <summary>Returns the root of the first document, or null when the stream has no document.</summary>
    public static YamlTreeNode? LoadFirstDocument(string text)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            var anchors = new Dictionary<string, YamlTreeNode>(StringComparer.Ordinal);
            var root = ReadNode(parser, anchors, 0);
            // Finishing the document surfaces syntax errors after the root; later documents are never read.
            parser.Consume<DocumentEnd>();
            return root;
        }
        catch (YamlException e)
        {
            throw KitfileException.At((int)e.Start.Line, (int)e.Start.Column, StripLocation(e.Message));
        }
    }

    private static YamlTreeNode ReadNode(IParser parser, Dictionary<string, YamlTreeNode> anchors, int depth)
    {
        var ev = parser.Current ?? throw new KitfileException("unexpected end of YAML input");
        if (depth >= MaxDepth && ev is SequenceStart or MappingStart)
            throw KitfileException.At((int)ev.Start.Line, (int)ev.Start.Column, $"exceeded max depth of {MaxDepth}");
        parser.MoveNext();
        switch (ev)
        {
            case AnchorAlias alias:
                return anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw KitfileException.At((int)alias.Start.Line, (int)alias.Start.Column, $"unknown anchor '{alias.Value.Value}' referenced");
            case Scalar scalar:
            {
                var node = new YamlTreeScalar(scalar.Start, TagOf(scalar.Tag), scalar.Value, scalar.Style);
                Remember(anchors, scalar.Anchor, node);
                return node;
            }
            case SequenceStart start:
            {
                var node = new YamlTreeSequence(start.Start, TagOf(start.Tag));
                Remember(anchors, start.Anchor, node);
                while (!parser.TryConsume<SequenceEnd>(out _))
                    node.Items.Add(ReadNode(parser, anchors, depth + 1));
                return node;
            }
            case MappingStart start:
            {
                var node = new YamlTreeMapping(start.Start, TagOf(start.Tag));
                Remember(anchors, start.Anchor, node);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, anchors, depth + 1);
                    var value = ReadNode(parser, anchors, depth + 1);
                    node.Pairs.Add(new(key, value));
                }
                return node;
            }
            default:
                throw KitfileException.At((int)ev.Start.Line, (int)ev.Start.Column, $"unexpected YAML event {ev.GetType().Name}");
        }
    }

    private static void Remember(Dictionary<string, YamlTreeNode> anchors, AnchorName anchor, YamlTreeNode node)
    {
        if (!anchor.IsEmpty) anchors[anchor.Value] = node;
    }

    private static string? TagOf(TagName tag) => tag.IsEmpty || tag.IsNonSpecific ? null : tag.Value;

    private static string StripLocation(string message)
    {
        // YamlDotNet prefixes "(Line: 1, Col: 2, Idx: 3) - (Line: 1, Col: 4, Idx: 5): "; we print our own position.
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
    }
}
