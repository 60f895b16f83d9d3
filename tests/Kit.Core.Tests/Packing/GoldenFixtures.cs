using System.Runtime.CompilerServices;

namespace Kit.Core.Tests.Packing;

/// <summary>The fixture trees of Golden/gen/main.go and the golden files it produced with Go's archive/tar.</summary>
internal static class GoldenFixtures
{
    public static string GoldenDir([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Golden");

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(GoldenDir(), name));

    /// <summary>Mirrors <c>tree()</c> in main.go; keep both in sync.</summary>
    public static void BuildTree(TempTree tree)
    {
        var long1 = new string('a', 60) + "/" + new string('b', 60);
        var long2 = new string('d', 10);
        var long3 = new string('f', 200);
        var z = string.Concat(Enumerable.Repeat("block-sized content!", 512 / 20)) + "0123456789ab";
        tree.Dir("a", 0x1ED)
            .Dir("a/b", 0x1E8)
            .File("a/b/c.txt", "hello\n", 0x1A4)
            .File("a-b", "sibling sorted after a/ subtree\n", 0x180)
            .File("run.sh", "#!/bin/sh\necho hi\n", 0x1ED)
            .File("empty.txt", "", 0x1A4)
            .File("v1..2.bin", string.Concat(Enumerable.Repeat("\x01\x02", 300)), 0x1A4)
            .Dir("shared", 0x3FF) // 01777
            .File("shared/setuid", "x", 0x9ED) // 04755
            .Dir(new string('a', 60), 0x1ED)
            .Dir(long1, 0x1ED)
            .File(long1 + "/" + new string('c', 25) + ".txt", "split into prefix and name\n", 0x1A4)
            .Dir(long2, 0x1ED)
            .File(long2 + "/" + new string('e', 120) + ".bin", "unsplittable: base name over 100 bytes\n", 0x1A4)
            .Dir(long3, 0x1ED)
            .File(long3 + "/" + new string('g', 95) + ".txt", "300-byte path\n", 0x1A4)
            .Dir("données", 0x1ED)
            .File("données/é.txt", "non-ASCII name\n", 0x1A4)
            .File("z", z, 0x1A4);
    }
}
