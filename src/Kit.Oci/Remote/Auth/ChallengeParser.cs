using System.Text;

namespace Kit.Oci.Remote.Auth;

/// <summary>
/// Tokenizer for <c>WWW-Authenticate</c>. The grammar is ambiguous around commas (a comma separates both
/// parameters and challenges), so a name followed by <c>=</c> is a parameter and anything else starts a new challenge.
/// </summary>
internal ref struct ChallengeParser
{
    private readonly ReadOnlySpan<char> _s;
    private int _pos;

    public ChallengeParser(string value)
    {
        _s = value.AsSpan();
        _pos = 0;
    }

    public List<AuthChallenge> ParseAll()
    {
        var result = new List<AuthChallenge>();
        while (true)
        {
            SkipSeparators();
            if (_pos >= _s.Length)
                return result;
            var scheme = ReadToken();
            if (scheme.Length == 0)
            {
                // Garbage where a scheme should be: skip to the next comma and try again.
                SkipPast(',');
                continue;
            }
            result.Add(ParseRest(scheme));
        }
    }

    private AuthChallenge ParseRest(string scheme)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        SkipWhitespace();
        if (TryReadToken68(out var token68))
            return new AuthChallenge(scheme, parameters, token68);

        while (_pos < _s.Length)
        {
            SkipSeparators();
            var save = _pos;
            var name = ReadToken();
            SkipWhitespace();
            if (name.Length == 0 || !Peek('='))
            {
                // Not "name=": it is the scheme of the next challenge (or junk we let ParseAll skip).
                _pos = save;
                break;
            }
            _pos++; // '='
            SkipWhitespace();
            var value = Peek('"') ? ReadQuoted() : ReadToken();
            parameters.TryAdd(name, value);
            SkipWhitespace();
            if (_pos < _s.Length && !Peek(','))
            {
                SkipPast(',');
            }
        }
        return new AuthChallenge(scheme, parameters);
    }

    // token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" followed by the end or a comma.
    private bool TryReadToken68(out string? token68)
    {
        token68 = null;
        var i = _pos;
        while (i < _s.Length && (char.IsAsciiLetterOrDigit(_s[i]) || _s[i] is '-' or '.' or '_' or '~' or '+' or '/'))
            i++;
        if (i == _pos)
            return false;
        while (i < _s.Length && _s[i] == '=')
            i++;
        var j = i;
        while (j < _s.Length && _s[j] is ' ' or '\t')
            j++;
        // "name=value" continues with the value, so only a run ending at a comma or the end is a token68.
        if (j < _s.Length && _s[j] != ',')
            return false;
        token68 = _s[_pos..i].ToString();
        _pos = i;
        return true;
    }

    private string ReadToken()
    {
        var start = _pos;
        while (_pos < _s.Length && IsTokenChar(_s[_pos]))
            _pos++;
        return _s[start.._pos].ToString();
    }

    private string ReadQuoted()
    {
        _pos++; // opening quote
        var sb = new StringBuilder();
        while (_pos < _s.Length)
        {
            var c = _s[_pos++];
            if (c == '"')
                return sb.ToString();
            if (c == '\\' && _pos < _s.Length)
                c = _s[_pos++];
            sb.Append(c);
        }
        // Unterminated: keep what we have, servers in the wild do send this.
        return sb.ToString();
    }

    private readonly bool Peek(char c) => _pos < _s.Length && _s[_pos] == c;

    private void SkipWhitespace()
    {
        while (_pos < _s.Length && _s[_pos] is ' ' or '\t')
            _pos++;
    }

    private void SkipSeparators()
    {
        while (_pos < _s.Length && _s[_pos] is ' ' or '\t' or ',')
            _pos++;
    }

    private void SkipPast(char c)
    {
        while (_pos < _s.Length && _s[_pos] != c)
            _pos++;
        if (_pos < _s.Length)
            _pos++;
    }

    // RFC 7230 §3.2.6 tchar.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
