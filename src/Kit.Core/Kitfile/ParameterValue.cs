using System.Globalization;

namespace Kit.Core.Kitfiles;

/// <summary>
/// A JSON-compatible value tree for <c>parameters</c>: what KitOps gets from decoding YAML into
/// <c>interface{}</c> and encoding it as JSON. Objects keep their keys sorted byte-wise (UTF-8 order),
/// the order Go's encoding/json writes map keys in.
/// </summary>
public abstract record ParameterValue;

/// <summary>JSON <c>null</c> (YAML <c>~</c>, <c>null</c> or an empty value).</summary>
public sealed record ParameterNull : ParameterValue
{
    /// <summary>The only instance.</summary>
    public static readonly ParameterNull Instance = new();
    private ParameterNull() { }
}

/// <summary>JSON <c>true</c> or <c>false</c>.</summary>
/// <param name="Value">The value.</param>
public sealed record ParameterBool(bool Value) : ParameterValue;

/// <summary>A JSON string.</summary>
/// <param name="Value">The text, unescaped.</param>
public sealed record ParameterString(string Value) : ParameterValue;

/// <summary>
/// A number held as its canonical JSON text: integers in decimal, floats in Go's float64 format.
/// Keeping the text (not a double) preserves integers beyond 2^53, which YAML can express exactly.
/// </summary>
public sealed record ParameterNumber : ParameterValue
{
    private ParameterNumber(string json) => Json = json;

    /// <summary>The canonical JSON text of the number, written as is.</summary>
    public string Json { get; }

    /// <summary>An exact integer.</summary>
    /// <param name="value">The value.</param>
    public static ParameterNumber FromInteger(long value) => new(value.ToString(CultureInfo.InvariantCulture));
    /// <summary>An exact integer above <see cref="long.MaxValue"/>.</summary>
    /// <param name="value">The value.</param>
    public static ParameterNumber FromInteger(ulong value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A float, formatted as Go's encoding/json formats a float64.</summary>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentOutOfRangeException">NaN or infinity (JSON has no such numbers; KitOps fails too).</exception>
    public static ParameterNumber FromFloat(double value) => new(Kit.Oci.Serialization.GoNumber.FormatFloat(value));

    /// <summary>Canonicalizes a JSON number literal: integers that fit 64 bits stay exact, the rest become Go floats.</summary>
    /// <param name="literal">A valid JSON number literal.</param>
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

    /// <summary>Returns <see cref="Json"/>.</summary>
    public override string ToString() => Json;
}

/// <summary>A JSON array.</summary>
/// <param name="Items">The items in order.</param>
public sealed record ParameterArray(EquatableList<ParameterValue> Items) : ParameterValue;

/// <summary>A JSON object whose properties are kept in UTF-8 byte order of their names, as Go writes map keys.</summary>
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

    /// <summary>The properties, sorted by name in UTF-8 byte order.</summary>
    public EquatableList<ParameterProperty> Properties { get; }

    /// <summary>The value of the property <paramref name="name"/>, or null when there is none.</summary>
    /// <param name="name">The exact (case-sensitive) property name.</param>
    public ParameterValue? this[string name] => Properties.FirstOrDefault(p => p.Name == name)?.Value;
}

/// <summary>One property of a <see cref="ParameterObject"/>.</summary>
/// <param name="Name">The key.</param>
/// <param name="Value">The value.</param>
public sealed record ParameterProperty(string Name, ParameterValue Value);
