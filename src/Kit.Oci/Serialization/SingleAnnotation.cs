using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Kit.Oci.Serialization;

/// <summary>
/// An annotation map of exactly one entry: what nearly every index.json entry carries (its ref name). A fraction of a
/// dictionary's memory, which counts with one per tag in a store of thousands.
/// </summary>
internal sealed class SingleAnnotation : IReadOnlyDictionary<string, string>
{
    private readonly string _key;
    private readonly string _value;

    public SingleAnnotation(string key, string value)
    {
        _key = key;
        _value = value;
    }

    public string this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => [_key];

    public IEnumerable<string> Values => [_value];

    public int Count => 1;

    public bool ContainsKey(string key) => string.Equals(key, _key, StringComparison.Ordinal);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (string.Equals(key, _key, StringComparison.Ordinal))
        {
            value = _value;
            return true;
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        yield return new KeyValuePair<string, string>(_key, _value);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
