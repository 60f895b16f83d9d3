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
            var root = ReadNode(parser, anchors);
            // Finishing the document surfaces syntax errors after the root; later documents are never read.
            parser.Consume<DocumentEnd>();
            return root;
        }
        catch (YamlException e)
        {
            throw KitfileException.At((int)e.Start.Line, (int)e.Start.Column, StripLocation(e.Message));
        }
    }

    /// <summary>
    /// Reads one node and everything under it. Iterative, with the open collections on a heap stack: recursion 10,000
    /// levels deep overflows a thread-pool thread's stack (which ends the process), and a library caller's thread may
    /// be one.
    /// </summary>
    private static YamlTreeNode ReadNode(Parser parser, Dictionary<string, YamlTreeNode> anchors)
    {
        var open = new Stack<OpenCollection>();
        while (true)
        {
            var ev = parser.Current ?? throw new KitfileException("unexpected end of YAML input");
            if (open.Count >= MaxDepth && ev is SequenceStart or MappingStart)
                throw KitfileException.At((int)ev.Start.Line, (int)ev.Start.Column, $"exceeded max depth of {MaxDepth}");
            parser.MoveNext();
            YamlTreeNode? done;
            switch (ev)
            {
                case AnchorAlias alias:
                    done = anchors.TryGetValue(alias.Value.Value, out var target)
                        ? target
                        : throw KitfileException.At((int)alias.Start.Line, (int)alias.Start.Column, $"unknown anchor '{alias.Value.Value}' referenced");
                    break;
                case Scalar scalar:
                    done = new YamlTreeScalar(scalar.Start, TagOf(scalar.Tag), scalar.Value, scalar.Style);
                    Remember(anchors, scalar.Anchor, done);
                    break;
                case SequenceStart start:
                {
                    var node = new YamlTreeSequence(start.Start, TagOf(start.Tag));
                    Remember(anchors, start.Anchor, node);
                    open.Push(new OpenCollection(node));
                    done = null;
                    break;
                }
                case MappingStart start:
                {
                    var node = new YamlTreeMapping(start.Start, TagOf(start.Tag));
                    Remember(anchors, start.Anchor, node);
                    open.Push(new OpenCollection(node));
                    done = null;
                    break;
                }
                default:
                    throw KitfileException.At((int)ev.Start.Line, (int)ev.Start.Column, $"unexpected YAML event {ev.GetType().Name}");
            }
            // Hand the finished node to its collection, and finish every collection that ends here.
            while (true)
            {
                if (done is not null)
                {
                    if (open.Count == 0)
                        return done;
                    open.Peek().Add(done);
                    done = null;
                }
                if (open.Count > 0 && open.Peek().TryEnd(parser))
                {
                    done = open.Pop().Node;
                    continue;
                }
                break;
            }
        }
    }

    /// <summary>A sequence or mapping whose items are still being read; a mapping holds its key until the value comes.</summary>
    private sealed class OpenCollection(YamlTreeNode node)
    {
        private YamlTreeNode? _key;

        public YamlTreeNode Node { get; } = node;

        public void Add(YamlTreeNode item)
        {
            if (Node is YamlTreeSequence sequence)
            {
                sequence.Items.Add(item);
            }
            else if (_key is null)
            {
                _key = item;
            }
            else
            {
                ((YamlTreeMapping)Node).Pairs.Add(new(_key, item));
                _key = null;
            }
        }

        /// <summary>Consumes the end of the collection if it comes next (for a mapping, only between pairs).</summary>
        public bool TryEnd(Parser parser) =>
            Node is YamlTreeSequence ? parser.TryConsume<SequenceEnd>(out _) : _key is null && parser.TryConsume<MappingEnd>(out _);
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
