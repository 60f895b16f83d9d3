using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>
/// Strict mapping of a YAML tree onto the Kitfile schema, mirroring yaml.v3 with KnownFields(true):
/// unknown and duplicate keys fail, as do type mismatches; scalars are taken as text where the schema
/// says string. Every error names the line and column of the offending node.
/// </summary>
internal static class KitfileYamlReader
{
    private static readonly string[] RootFields = ["manifestVersion", "package", "model", "code", "datasets", "docs"];
    private static readonly string[] PackageFields = ["name", "version", "description", "license", "authors"];
    private static readonly string[] ModelFields = ["name", "path", "license", "framework", "format", "version", "description", "parts", "parameters"];
    private static readonly string[] PartFields = ["name", "path", "license", "type"];
    private static readonly string[] CodeFields = ["path", "description", "license"];
    private static readonly string[] DatasetFields = ["name", "path", "description", "license", "parameters"];
    private static readonly string[] DocsFields = ["path", "description"];

    public static Kitfile Read(string text)
    {
        var root = YamlTree.LoadFirstDocument(text);
        if (root is null || root is YamlTreeScalar { IsNull: true })
            throw new KitfileException("Kitfile is empty: expected a YAML mapping with at least manifestVersion");
        var kitfile = new Kitfile();
        foreach (var (key, value) in Fields(root, "the Kitfile", RootFields))
        {
            kitfile = key switch
            {
                "manifestVersion" => kitfile with { ManifestVersion = String(value, "manifestVersion") },
                "package" => kitfile with { Package = Package(value) },
                "model" => kitfile with { Model = Model(value) },
                "code" => kitfile with { Code = List(value, "code", Code) },
                "datasets" => kitfile with { Datasets = List(value, "datasets", Dataset) },
                _ => kitfile with { Docs = List(value, "docs", Docs) },
            };
        }
        return kitfile;
    }

    private static PackageSection Package(YamlTreeNode node)
    {
        var package = new PackageSection();
        foreach (var (key, value) in Fields(node, "package", PackageFields))
        {
            package = key switch
            {
                "name" => package with { Name = String(value, "package.name") },
                "version" => package with { Version = String(value, "package.version") },
                "description" => package with { Description = String(value, "package.description") },
                "license" => package with { License = String(value, "package.license") },
                _ => package with { Authors = List(value, "package.authors", (n, where) => String(n, where)) },
            };
        }
        return package;
    }

    private static ModelSection? Model(YamlTreeNode node)
    {
        if (node is YamlTreeScalar { IsNull: true }) return null;
        var model = new ModelSection();
        foreach (var (key, value) in Fields(node, "model", ModelFields))
        {
            var where = "model." + key;
            model = key switch
            {
                "name" => model with { Name = String(value, where) },
                "path" => model with { Path = String(value, where) },
                "license" => model with { License = String(value, where) },
                "framework" => model with { Framework = String(value, where) },
                "format" => model with { Format = String(value, where) },
                "version" => model with { Version = String(value, where) },
                "description" => model with { Description = String(value, where) },
                "parts" => model with { Parts = List(value, where, Part) },
                _ => model with { Parameters = YamlParameters.Convert(value) },
            };
        }
        return model;
    }

    private static ModelPart Part(YamlTreeNode node, string section)
    {
        var part = new ModelPart();
        foreach (var (key, value) in Fields(node, section, PartFields))
        {
            var where = section + "." + key;
            part = key switch
            {
                "name" => part with { Name = String(value, where) },
                "path" => part with { Path = String(value, where) },
                "license" => part with { License = String(value, where) },
                _ => part with { Type = String(value, where) },
            };
        }
        return part;
    }

    private static CodeEntry Code(YamlTreeNode node, string section)
    {
        var code = new CodeEntry();
        foreach (var (key, value) in Fields(node, section, CodeFields))
        {
            var where = section + "." + key;
            code = key switch
            {
                "path" => code with { Path = String(value, where) },
                "description" => code with { Description = String(value, where) },
                _ => code with { License = String(value, where) },
            };
        }
        return code;
    }

    private static DatasetEntry Dataset(YamlTreeNode node, string section)
    {
        var dataset = new DatasetEntry();
        foreach (var (key, value) in Fields(node, section, DatasetFields))
        {
            var where = section + "." + key;
            dataset = key switch
            {
                "name" => dataset with { Name = String(value, where) },
                "path" => dataset with { Path = String(value, where) },
                "description" => dataset with { Description = String(value, where) },
                "license" => dataset with { License = String(value, where) },
                _ => dataset with { Parameters = YamlParameters.Convert(value) },
            };
        }
        return dataset;
    }

    private static DocsEntry Docs(YamlTreeNode node, string section)
    {
        var docs = new DocsEntry();
        foreach (var (key, value) in Fields(node, section, DocsFields))
        {
            docs = key switch
            {
                "path" => docs with { Path = String(value, section + ".path") },
                _ => docs with { Description = String(value, section + ".description") },
            };
        }
        return docs;
    }

    private static string String(YamlTreeNode node, string where)
    {
        if (node is not YamlTreeScalar scalar)
            throw KitfileException.At(node.Line, node.Column, $"{where} must be a string, found a {node.KindName}");
        return scalar.IsNull ? "" : scalar.Value;
    }

    private static EquatableList<T> List<T>(YamlTreeNode node, string where, Func<YamlTreeNode, string, T> item)
    {
        if (node is YamlTreeScalar { IsNull: true }) return EquatableList<T>.Empty;
        if (node is not YamlTreeSequence sequence)
            throw KitfileException.At(node.Line, node.Column, $"{where} must be a list, found a {node.KindName}");
        return new EquatableList<T>(sequence.Items.Select((n, i) => item(n, $"{where}[{i}]")));
    }

    /// <summary>The key/value pairs of a schema object, after merge keys, rejecting unknown and duplicate keys.</summary>
    private static IEnumerable<(string Key, YamlTreeNode Value)> Fields(YamlTreeNode node, string section, string[] allowed)
    {
        if (node is YamlTreeScalar { IsNull: true }) yield break;
        if (node is not YamlTreeMapping mapping)
            throw KitfileException.At(node.Line, node.Column, $"{section} must be a mapping, found a {node.KindName}");
        foreach (var (keyNode, value) in YamlMerge.Pairs(mapping))
        {
            if (keyNode is not YamlTreeScalar { } key)
                throw KitfileException.At(keyNode.Line, keyNode.Column, $"a {keyNode.KindName} cannot be a key in {section}");
            if (Array.IndexOf(allowed, key.Value) < 0)
            {
                var message = key.Value is "digest" or "diffId"
                    ? $"field '{key.Value}' in {section} is computed by kit pack and cannot be set in a Kitfile"
                    : $"unknown field '{key.Value}' in {section} (expected one of: {string.Join(", ", allowed)})";
                throw KitfileException.At(key.Line, key.Column, message);
            }
            yield return (key.Value, value);
        }
    }
}
