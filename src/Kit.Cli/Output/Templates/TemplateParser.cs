using System.Globalization;
using System.Text;

namespace Kit.Cli.Output.Templates;

/// <summary>
/// Parses the subset of Go's text/template that list formats use: text, <c>{{- -}}</c> trimming, comments, field
/// chains, variables, string/number/bool literals, parenthesised pipelines, <c>|</c>, function calls, and the
/// <c>if</c> / <c>else</c> / <c>else if</c> / <c>with</c> / <c>range</c> / <c>end</c> structures.
/// </summary>
internal static class TemplateParser
{
    private enum Tok { Field, Var, Ident, String, Number, LParen, RParen, Pipe, Declare, Comma }

    private readonly record struct Token(Tok Kind, string Text, IReadOnlyList<string> Chain);

    private sealed class Frame(List<TemplateNode> list, TemplateNode? owner, bool chained)
    {
        public List<TemplateNode> List { get; set; } = list;
        public TemplateNode? Owner { get; } = owner;
        public bool Chained { get; } = chained;
        public bool InElse { get; set; }
    }

    public static List<TemplateNode> Parse(string text)
    {
        var root = new List<TemplateNode>();
        var stack = new Stack<Frame>();
        stack.Push(new Frame(root, null, false));
        var i = 0;
        var pendingTrim = false;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            var literal = open < 0 ? text[i..] : text[i..open];
            if (pendingTrim) literal = literal.TrimStart(' ', '\t', '\r', '\n');
            var k = open + 2;
            if (open >= 0 && k + 1 < text.Length && text[k] == '-' && IsSpace(text[k + 1]))
            {
                literal = literal.TrimEnd(' ', '\t', '\r', '\n');
                k++;
            }
            if (literal.Length > 0) stack.Peek().List.Add(new TextNode(literal));
            if (open < 0) break;
            var close = FindClose(text, k);
            var contentEnd = close;
            pendingTrim = false;
            if (close - 2 >= k && text[close - 1] == '-' && IsSpace(text[close - 2]))
            {
                pendingTrim = true;
                contentEnd = close - 1;
            }
            Action(text[k..contentEnd].Trim(), stack);
            i = close + 2;
        }
        if (stack.Count > 1)
            throw new TemplateException($"unexpected EOF: missing {{{{end}}}}");
        return root;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static int FindClose(string text, int from)
    {
        for (var i = from; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (c is '"' or '`' or '\'')
            {
                var end = c == '`' ? text.IndexOf('`', i + 1) : EndOfQuoted(text, i, c);
                if (end < 0) throw new TemplateException("unterminated quoted string");
                i = end;
                continue;
            }
            if (c == '}' && text[i + 1] == '}')
                return i;
        }
        throw new TemplateException("unclosed action");
    }

    private static int EndOfQuoted(string text, int start, char quote)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\') i++;
            else if (text[i] == quote) return i;
            else if (text[i] == '\n') return -1;
        }
        return -1;
    }

    private static void Action(string content, Stack<Frame> stack)
    {
        if (content.StartsWith("/*", StringComparison.Ordinal))
        {
            if (!content.EndsWith("*/", StringComparison.Ordinal))
                throw new TemplateException("unclosed comment");
            return;
        }
        var tokens = Lex(content);
        if (tokens.Count == 0)
            throw new TemplateException("missing value for command");
        var pos = 0;
        var first = tokens[0];
        if (first.Kind == Tok.Ident)
        {
            switch (first.Text)
            {
                case "if" or "with":
                {
                    pos = 1;
                    var node = new IfNode(ParsePipeline(tokens, ref pos, false, allowDeclare: first.Text == "with"), first.Text == "with", [], []);
                    End(tokens, pos);
                    stack.Peek().List.Add(node);
                    stack.Push(new Frame(node.Then, node, false));
                    return;
                }
                case "range":
                {
                    pos = 1;
                    var node = new RangeNode(ParsePipeline(tokens, ref pos, false, allowDeclare: true), [], []);
                    End(tokens, pos);
                    stack.Peek().List.Add(node);
                    stack.Push(new Frame(node.Body, node, false));
                    return;
                }
                case "else":
                {
                    var frame = stack.Peek();
                    if (frame.Owner is null || frame.InElse)
                        throw new TemplateException("unexpected {{else}}");
                    frame.InElse = true;
                    var elseList = frame.Owner switch
                    {
                        IfNode f => f.Else,
                        RangeNode r => r.Else,
                        _ => throw new TemplateException("unexpected {{else}}"),
                    };
                    if (tokens.Count > 1 && tokens[1] is { Kind: Tok.Ident, Text: "if" or "with" } chainedKeyword && frame.Owner is IfNode)
                    {
                        pos = 2;
                        var node = new IfNode(ParsePipeline(tokens, ref pos, false, allowDeclare: false), chainedKeyword.Text == "with", [], []);
                        End(tokens, pos);
                        elseList.Add(node);
                        frame.List = elseList;
                        stack.Push(new Frame(node.Then, node, true));
                        return;
                    }
                    End(tokens, 1);
                    frame.List = elseList;
                    return;
                }
                case "end":
                {
                    End(tokens, 1);
                    if (stack.Count == 1)
                        throw new TemplateException("unexpected {{end}}");
                    while (stack.Pop().Chained) { }
                    return;
                }
                case "define" or "template" or "block" or "break" or "continue":
                    throw new TemplateException($"{{{{{first.Text}}}}} is not supported in list formats");
            }
        }
        var pipe = ParsePipeline(tokens, ref pos, false, allowDeclare: true);
        End(tokens, pos);
        stack.Peek().List.Add(new ActionNode(pipe));
    }

    private static void End(List<Token> tokens, int pos)
    {
        if (pos < tokens.Count)
            throw new TemplateException($"unexpected \"{tokens[pos].Text}\" in command");
    }

    private static Pipeline ParsePipeline(List<Token> tokens, ref int pos, bool inParens, bool allowDeclare)
    {
        var declared = new List<string>();
        if (allowDeclare && pos < tokens.Count && tokens[pos] is { Kind: Tok.Var, Chain.Count: 0 })
        {
            if (pos + 1 < tokens.Count && tokens[pos + 1].Kind == Tok.Declare)
            {
                declared.Add(tokens[pos].Text);
                pos += 2;
            }
            else if (pos + 3 < tokens.Count && tokens[pos + 1].Kind == Tok.Comma && tokens[pos + 2] is { Kind: Tok.Var, Chain.Count: 0 }
                && tokens[pos + 3].Kind == Tok.Declare)
            {
                declared.Add(tokens[pos].Text);
                declared.Add(tokens[pos + 2].Text);
                pos += 4;
            }
        }
        var commands = new List<TemplateCommand>();
        while (true)
        {
            var args = new List<Operand>();
            while (pos < tokens.Count && tokens[pos].Kind is not (Tok.Pipe or Tok.RParen))
                args.Add(ParseOperand(tokens, ref pos));
            if (args.Count == 0)
                throw new TemplateException("missing value for command");
            commands.Add(new TemplateCommand(args));
            if (pos < tokens.Count && tokens[pos].Kind == Tok.Pipe)
            {
                pos++;
                continue;
            }
            break;
        }
        if (inParens)
        {
            if (pos >= tokens.Count || tokens[pos].Kind != Tok.RParen)
                throw new TemplateException("unclosed left paren");
            pos++;
        }
        else if (pos < tokens.Count && tokens[pos].Kind == Tok.RParen)
        {
            throw new TemplateException("unexpected right paren");
        }
        return new Pipeline(declared, commands);
    }

    private static Operand ParseOperand(List<Token> tokens, ref int pos)
    {
        var t = tokens[pos++];
        switch (t.Kind)
        {
            case Tok.Field: return new FieldOperand(null, t.Chain);
            case Tok.Var: return new FieldOperand(t.Text, t.Chain);
            case Tok.String: return new LiteralOperand(TemplateValue.Of(t.Text));
            case Tok.Number: return new LiteralOperand(TemplateValue.Of(long.Parse(t.Text, CultureInfo.InvariantCulture)));
            case Tok.LParen: return new PipelineOperand(ParsePipeline(tokens, ref pos, true, allowDeclare: false));
            case Tok.Ident when t.Text is "true" or "false": return new LiteralOperand(TemplateValue.Of(t.Text == "true"));
            case Tok.Ident when t.Text == "nil": return new LiteralOperand(TemplateValue.Nil);
            case Tok.Ident when TemplateFunctions.IsDefined(t.Text): return new FunctionOperand(t.Text);
            case Tok.Ident: throw new TemplateException($"function \"{t.Text}\" not defined");
            default: throw new TemplateException($"unexpected \"{t.Text}\" in operand");
        }
    }

    private static List<Token> Lex(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (IsSpace(c)) { i++; continue; }
            switch (c)
            {
                case '(': tokens.Add(new(Tok.LParen, "(", [])); i++; continue;
                case ')': tokens.Add(new(Tok.RParen, ")", [])); i++; continue;
                case '|': tokens.Add(new(Tok.Pipe, "|", [])); i++; continue;
                case ',': tokens.Add(new(Tok.Comma, ",", [])); i++; continue;
                case ':' when i + 1 < s.Length && s[i + 1] == '=': tokens.Add(new(Tok.Declare, ":=", [])); i += 2; continue;
                case '"':
                {
                    var end = EndOfQuoted(s, i, '"');
                    tokens.Add(new(Tok.String, Unquote(s[(i + 1)..end]), []));
                    i = end + 1;
                    continue;
                }
                case '`':
                {
                    var end = s.IndexOf('`', i + 1);
                    tokens.Add(new(Tok.String, s[(i + 1)..end], []));
                    i = end + 1;
                    continue;
                }
                case '\'':
                {
                    var end = EndOfQuoted(s, i, '\'');
                    var ch = Unquote(s[(i + 1)..end]);
                    if (ch.Length != 1) throw new TemplateException($"malformed character constant: {s[i..(end + 1)]}");
                    tokens.Add(new(Tok.Number, ((int)ch[0]).ToString(CultureInfo.InvariantCulture), []));
                    i = end + 1;
                    continue;
                }
                case '.':
                {
                    var chain = ReadChain(s, ref i);
                    tokens.Add(new(Tok.Field, "." + string.Join('.', chain), chain));
                    continue;
                }
                case '$':
                {
                    var start = i++;
                    while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_')) i++;
                    var name = s[start..i];
                    IReadOnlyList<string> chain = i < s.Length && s[i] == '.' ? ReadChain(s, ref i) : [];
                    tokens.Add(new(Tok.Var, name, chain));
                    continue;
                }
            }
            if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                var start = i++;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                tokens.Add(new(Tok.Number, s[start..i], []));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_')) i++;
                tokens.Add(new(Tok.Ident, s[start..i], []));
                continue;
            }
            throw new TemplateException($"unexpected \"{c}\" in command");
        }
        return tokens;
    }

    /// <summary>Reads <c>.A.B</c> (or a lone <c>.</c>, an empty chain) starting at the first dot.</summary>
    private static List<string> ReadChain(string s, ref int i)
    {
        var chain = new List<string>();
        while (i < s.Length && s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_')) i++;
            if (i == start)
            {
                if (chain.Count == 0) return chain;
                throw new TemplateException("unexpected . after term");
            }
            chain.Add(s[start..i]);
        }
        return chain;
    }

    private static string Unquote(string body)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\' || i + 1 >= body.Length)
            {
                sb.Append(c);
                continue;
            }
            var e = body[++i];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '\\' or '"' or '\'': sb.Append(e); break;
                case 'x' when i + 2 < body.Length:
                    sb.Append((char)Convert.ToInt32(body.Substring(i + 1, 2), 16));
                    i += 2;
                    break;
                case 'u' when i + 4 < body.Length:
                    sb.Append((char)Convert.ToInt32(body.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                default: throw new TemplateException($"invalid syntax in string: \\{e}");
            }
        }
        return sb.ToString();
    }
}
