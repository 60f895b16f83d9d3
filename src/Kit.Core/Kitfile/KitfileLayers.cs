using Kit.Core.Format;
using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>The one list of a Kitfile's layer entries, and its inverse (digests written back into the Kitfile).</summary>
internal static class KitfileLayers
{
    /// <summary>
    /// Every entry of every layer section, in pack order (<see cref="LayerKind.All"/>, then section order). The
    /// entries with <see cref="KitfileLayer.HasLayer"/> are, in this order, the layers of the packed manifest.
    /// </summary>
    public static IReadOnlyList<KitfileLayer> Of(Kitfile kitfile) =>
        [.. LayerKind.All.SelectMany(kind => kind.EntriesOf(kitfile).Select((entry, i) => new KitfileLayer(kind, i, entry)))];

    /// <summary>
    /// Sets digest and diffId of each entry that has a layer, from <paramref name="layers"/> in manifest order.
    /// </summary>
    /// <exception cref="ArgumentException">The number of layers differs from the number of entries with a layer.</exception>
    public static Kitfile WithDigests(Kitfile kitfile, IReadOnlyList<(Digest Digest, Digest DiffId)> layers)
    {
        var next = 0;
        foreach (var kind in LayerKind.All)
        {
            var entries = kind.EntriesOf(kitfile).ToList();
            for (var i = 0; i < entries.Count; i++)
            {
                if (!kind.HasLayer(entries[i])) continue;
                if (next == layers.Count) throw new ArgumentException("fewer layers than Kitfile entries with a layer", nameof(layers));
                var (digest, diffId) = layers[next++];
                entries[i] = entries[i].WithLayer(digest, diffId);
            }
            kitfile = kind.Replace(kitfile, entries);
        }
        if (next != layers.Count) throw new ArgumentException("more layers than Kitfile entries with a layer", nameof(layers));
        return kitfile;
    }
}
