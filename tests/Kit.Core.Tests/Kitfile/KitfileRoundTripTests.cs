using Kit.Core.Kitfiles;

namespace Kit.Core.Tests.Kitfile;

/// <summary>Property-style: every tricky string survives Write then Read, in every position the schema has.</summary>
public class KitfileRoundTripTests
{
    public static readonly string[] Tricky =
    [
        "", " ", "  ", "a", "plain words", "1", "1.0", "-1", "+1", "0x1F", "0o17", "0b1", "1_000", "1e3", ".5", "1.", "007", "09",
        "true", "True", "TRUE", "false", "yes", "No", "on", "OFF", "y", "n", "null", "Null", "~", ".inf", "-.Inf", ".nan", "<<",
        "2024-01-02", "2024-1-2 3:04:05", "2001-12-14t21:59:43.10-05:00", "2024-13-45", "1:30", "190:20:30.15",
        " lead", "trail ", " both ", "*star", "&amp", "!bang", "|pipe", ">gt", "'single'", "\"double\"", "%pct", "@at", "`tick",
        "#hash", "a #b", "a#b", "a: b", "a:b", "a:", ":a", "- x", "-", "--", "---", "...", "? q", "?", "[x]", "{x}", "a,b", ",",
        "tab\there", "\ttab", "cr\rx", "crlf\r\n", "\u0001\u0002", "del\u007f", "nul\0", "bom\uFEFF", "\U0001F600", "é", "世界", "\u00A0nbsp",
        "nel\u0085", "ls\u2028ps\u2029", "back\\slash", "<>&",
        "a\nb", "a\nb\n", "a\n\n", "\n", "\n\n", "\na", " a\nb", "a \nb", "a\n b", "a\n\tb", "a\nb ", "x\n\n\ny", "multi\nline\n\u0001",
        "- a\n- b", "key: value\nother: x", "# not a comment\n", "|\n", "a\r\nb",
    ];

    public static IEnumerable<object[]> Cases() => Tricky.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryStringFieldRoundTrips(string s)
    {
        var k = new Kit.Core.Kitfiles.Kitfile
        {
            ManifestVersion = s,
            Package = new PackageSection { Name = s, Version = s, Description = s, License = s, Authors = [s, "x", s] },
            Model = new ModelSection
            {
                Name = s, Path = s, License = s, Framework = s, Format = s, Version = s, Description = s,
                Parts = [new ModelPart { Name = s, Path = s, License = s, Type = s }],
                Parameters = new ParameterObject([
                    new(s, new ParameterString(s)),
                    new(s + "k", new ParameterArray([new ParameterString(s), ParameterNumber.FromInteger(1)])),
                ]),
            },
            Code = [new CodeEntry { Path = s, Description = s, License = s }],
            Datasets = [new DatasetEntry { Name = s, Path = s, Description = s, License = s, Parameters = new ParameterString(s) }],
            Docs = [new DocsEntry { Path = s, Description = s }],
        };
        var yaml = KitfileYaml.Write(k);
        Kit.Core.Kitfiles.Kitfile back;
        try
        {
            back = KitfileYaml.Read(yaml);
        }
        catch (KitfileException e)
        {
            throw new Xunit.Sdk.XunitException($"re-read failed: {e.Message}\n{yaml}");
        }
        Assert.True(k == back, yaml);
    }

    [Fact]
    public void ParameterTreesRoundTrip()
    {
        var k = KitfileYaml.Read("""
            model:
              parameters:
                ints: [0, -1, 9223372036854775807, 18446744073709551615, 0xFF]
                floats: [1.5, 1e-7, 1e21, -0.0, 1e20, 0.1]
                bools: [true, false]
                nulls: [~, null]
                strs: ["1", "true", "", " x", "a\nb"]
                nested: {a: {b: {c: [[], {}]}}}
            """);
        Assert.Equal(k, KitfileYaml.Read(KitfileYaml.Write(k)));
    }

    [Fact]
    public void ReadWriteReadIsStableForTheSchemaExample()
    {
        const string yaml = "manifestVersion: 1.0.0\npackage:\n  name: demo\n  authors: [Ann]\nmodel:\n  name: m\n  path: model\ncode:\n  - path: .\n";
        Assert.Equal(yaml, KitfileYaml.Write(KitfileYaml.Read(yaml)));
    }
}
