namespace Kit.Core.Kitfiles;

/// <summary>The Kitfile as YAML: strict reading (as <c>kit pack</c> needs) and yaml.v3-style writing.</summary>
internal static class KitfileYaml
{
    /// <summary>Reads the first YAML document strictly (unknown, duplicate or computed keys and wrong types fail).</summary>
    /// <exception cref="KitfileException">With line and column of the offending node.</exception>
    public static Kitfile Read(string yaml) => KitfileYamlReader.Read(yaml);

    /// <summary>Writes like KitOps' MarshalToYAML (yaml.v3, indent 2); digests are never written.</summary>
    public static string Write(Kitfile kitfile) => YamlViewWriter.Write(YamlView.Of(kitfile));
}
