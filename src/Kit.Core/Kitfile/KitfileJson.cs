using Kit.Oci.Serialization;

namespace Kit.Core.Kitfiles;

/// <summary>
/// The Kitfile as the ModelKit config blob, byte-for-byte as KitOps (Go encoding/json) writes it, so the
/// same Kitfile yields the same config digest. Reading is lenient like Go: unknown keys are ignored and
/// field names match case-insensitively.
/// </summary>
internal static class KitfileJson
{

    /// <summary>Compact JSON without a trailing newline: the config blob.</summary>
    public static byte[] Write(Kitfile kitfile)
    {
        var w = new GoJsonWriter();
        Write(w, kitfile);
        return w.ToUtf8Bytes();
    }

    /// <summary>json.MarshalIndent(kitfile, "", "  "), as <c>kit inspect</c> shows it.</summary>
    public static string WriteIndented(Kitfile kitfile)
    {
        var w = new GoJsonWriter("  ");
        Write(w, kitfile);
        return w.ToString();
    }

    /// <summary>Writes the config object into a larger document (e.g. the inspect output's <c>kitfile</c> member).</summary>
    public static void Write(GoJsonWriter w, Kitfile kitfile) => KitfileSchema.Root.WriteJson(w, kitfile);

    /// <summary>Writes a parameter tree as encoding/json would write the decoded YAML value.</summary>
    public static void WriteParameter(GoJsonWriter w, ParameterValue value)
    {
        switch (value)
        {
            case ParameterNull: w.Null(); break;
            case ParameterBool b: w.Bool(b.Value); break;
            case ParameterString s: w.StringValue(s.Value); break;
            case ParameterNumber n: w.RawNumber(n.Json); break;
            case ParameterArray a:
                w.StartArray();
                foreach (var item in a.Items) WriteParameter(w, item);
                w.EndArray();
                break;
            case ParameterObject o:
                w.StartObject();
                foreach (var p in o.Properties)
                {
                    w.Name(p.Name);
                    WriteParameter(w, p.Value);
                }
                w.EndObject();
                break;
        }
    }

    /// <summary>Reads a config blob.</summary>
    /// <exception cref="KitfileException">Not JSON, not an object, or a field of the wrong type.</exception>
    public static Kitfile Read(ReadOnlySpan<byte> json) => KitfileJsonReader.Read(json);

    /// <summary>Writes a list under <paramref name="name"/>, or nothing when it is empty (omitempty).</summary>
    internal static void WriteArray<T>(GoJsonWriter w, string name, EquatableList<T> items, Action<GoJsonWriter, T> write)
    {
        if (items.IsEmpty) return;
        w.Name(name);
        w.StartArray();
        foreach (var item in items) write(w, item);
        w.EndArray();
    }
}
