using System.Text.Json;
using Kit.Oci;
using Kit.Oci.Serialization;

namespace Kit.Core.Kitfiles;

/// <summary>
/// The Kitfile as the ModelKit config blob, byte-for-byte as KitOps (Go encoding/json) writes it, so the
/// same Kitfile yields the same config digest. Reading is lenient like Go: unknown keys are ignored and
/// field names match case-insensitively.
/// </summary>
public static class KitfileJson
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
    public static void Write(GoJsonWriter w, Kitfile kitfile)
    {
        w.StartObject();
        w.Property("manifestVersion", kitfile.ManifestVersion);
        w.Name("package");
        WritePackage(w, kitfile.Package);
        if (kitfile.Model is { } model)
        {
            w.Name("model");
            WriteModel(w, model);
        }
        WriteArray(w, "code", kitfile.Code, WriteCode);
        WriteArray(w, "datasets", kitfile.Datasets, WriteDataset);
        WriteArray(w, "docs", kitfile.Docs, WriteDocs);
        w.EndObject();
    }

    /// <summary>Writes a parameter tree as encoding/json would write the decoded YAML value.</summary>
    public static void WriteParameter(GoJsonWriter w, ParameterValue value)
    {
        switch (value)
        {
            case ParameterNull: w.Null(); break;
            case ParameterBool b: w.Bool(b.Value); break;
            case ParameterString s: w.String(s.Value); break;
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

    private static void WritePackage(GoJsonWriter w, PackageSection p)
    {
        w.StartObject();
        OptionalString(w, "name", p.Name);
        OptionalString(w, "version", p.Version);
        OptionalString(w, "description", p.Description);
        OptionalString(w, "license", p.License);
        WriteArray(w, "authors", p.Authors, (w2, a) => w2.String(a));
        w.EndObject();
    }

    private static void WriteModel(GoJsonWriter w, ModelSection m)
    {
        w.StartObject();
        OptionalString(w, "name", m.Name);
        OptionalString(w, "path", m.Path);
        OptionalString(w, "license", m.License);
        OptionalString(w, "framework", m.Framework);
        OptionalString(w, "format", m.Format);
        OptionalString(w, "version", m.Version);
        OptionalString(w, "description", m.Description);
        WriteArray(w, "parts", m.Parts, WritePart);
        OptionalParameters(w, m.Parameters);
        Layer(w, m.Digest, m.DiffId);
        w.EndObject();
    }

    private static void WritePart(GoJsonWriter w, ModelPart p)
    {
        w.StartObject();
        OptionalString(w, "name", p.Name);
        OptionalString(w, "path", p.Path);
        OptionalString(w, "license", p.License);
        OptionalString(w, "type", p.Type);
        Layer(w, p.Digest, p.DiffId);
        w.EndObject();
    }

    private static void WriteCode(GoJsonWriter w, CodeEntry c)
    {
        w.StartObject();
        OptionalString(w, "path", c.Path);
        OptionalString(w, "description", c.Description);
        OptionalString(w, "license", c.License);
        Layer(w, c.Digest, c.DiffId);
        w.EndObject();
    }

    private static void WriteDataset(GoJsonWriter w, DatasetEntry d)
    {
        w.StartObject();
        OptionalString(w, "name", d.Name);
        OptionalString(w, "path", d.Path);
        OptionalString(w, "description", d.Description);
        OptionalString(w, "license", d.License);
        OptionalParameters(w, d.Parameters);
        Layer(w, d.Digest, d.DiffId);
        w.EndObject();
    }

    private static void WriteDocs(GoJsonWriter w, DocsEntry d)
    {
        w.StartObject();
        // KitOps declares docs' path without omitempty.
        w.Property("path", d.Path);
        OptionalString(w, "description", d.Description);
        Layer(w, d.Digest, d.DiffId);
        w.EndObject();
    }

    private static void OptionalString(GoJsonWriter w, string name, string value)
    {
        if (value.Length > 0) w.Property(name, value);
    }

    private static void OptionalParameters(GoJsonWriter w, ParameterValue? value)
    {
        if (value is null) return;
        w.Name("parameters");
        WriteParameter(w, value);
    }

    private static void Layer(GoJsonWriter w, Digest? digest, Digest? diffId)
    {
        if (digest is { } d) w.Property("digest", d.ToString());
        if (diffId is { } u) w.Property("diffId", u.ToString());
    }

    private static void WriteArray<T>(GoJsonWriter w, string name, EquatableList<T> items, Action<GoJsonWriter, T> write)
    {
        if (items.IsEmpty) return;
        w.Name(name);
        w.StartArray();
        foreach (var item in items) write(w, item);
        w.EndArray();
    }
}
