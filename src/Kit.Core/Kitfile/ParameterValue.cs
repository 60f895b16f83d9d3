using System.Globalization;

namespace Kit.Core.Kitfiles;

/// <summary>
/// A JSON-compatible value tree for <c>parameters</c>: what KitOps gets from decoding YAML into
/// <c>interface{}</c> and encoding it as JSON. Objects keep their keys sorted byte-wise (UTF-8 order),
/// the order Go's encoding/json writes map keys in.
/// </summary>
public abstract record ParameterValue;

public sealed record ParameterNull : ParameterValue
{
    public static readonly ParameterNull Instance = new();
    private ParameterNull() { }
}

public sealed record ParameterBool(bool Value) : ParameterValue;

public sealed record ParameterString(string Value) : ParameterValue;

/// <summary>
/// A number held as its canonical JSON text: integers in decimal, floats in Go's float64 format.
/// Keeping the text (not a double) preserves integers beyond 2^53, which YAML can express exactly.
/// </summary>
public sealed record ParameterNumber : ParameterValue
{
    private ParameterNumber(string json) => Json = json;

    public string Json { get; }

    public static ParameterNumber FromInteger(long value) => new(value.ToString(CultureInfo.InvariantCulture));
    public static ParameterNumber FromInteger(ulong value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <exception cref="ArgumentOutOfRangeException">NaN or infinity (JSON has no such numbers; KitOps fails too).</exception>
    public static ParameterNumber FromFloat(double value) => new(Kit.Oci.Serialization.GoNumber.FormatFloat(value));

    /// <summary>Canonicalizes a JSON number literal: integers that fit 64 bits stay exact, the rest become Go floats.</summary>
    public static ParameterNumber FromJsonLiteral(string literal)
    {
        if (literal.AsSpan().IndexOfAny(".eE") < 0)
        {
            if (long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return FromInteger(l);
            if (ulong.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var u)) return FromInteger(u);
        }
        var d = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        return FromFloat(d);
    }

    public override string ToString() => Json;
}

public sealed record ParameterArray(EquatableList<ParameterValue> Items) : ParameterValue;

public sealed record ParameterObject : ParameterValue
{
    /// <summary>Properties are sorted into UTF-8 byte order; keys must be distinct.</summary>
    public ParameterObject(IEnumerable<ParameterProperty> properties)
    {
        var list = properties.ToList();
        list.Sort((a, b) => Utf8Order.Instance.Compare(a.Name, b.Name));
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].Name == list[i - 1].Name)
                throw new ArgumentException($"duplicate parameter key '{list[i].Name}'", nameof(properties));
        }
        Properties = new EquatableList<ParameterProperty>(list);
    }

    public EquatableList<ParameterProperty> Properties { get; }

    public ParameterValue? this[string name] => Properties.FirstOrDefault(p => p.Name == name)?.Value;
}

public sealed record ParameterProperty(string Name, ParameterValue Value);
