using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>An entry of a Kitfile section that describes one layer (see <see cref="Format.LayerKind"/>).</summary>
public interface IKitfileEntry
{
    /// <summary>The entry's name; null for kinds whose entries have none (code, docs), so ids match their path only.</summary>
    string? Name { get; }

    /// <summary>The layer path as written, relative to the context; for the model possibly a ModelKit reference.</summary>
    string Path { get; }

    /// <summary>Digest of the layer blob, set by packing.</summary>
    Digest? Digest { get; }

    /// <summary>Digest of the uncompressed layer, set by packing.</summary>
    Digest? DiffId { get; }

    /// <summary>A copy recording the layer this entry was packed into.</summary>
    /// <param name="digest">Digest of the layer blob.</param>
    /// <param name="diffId">Digest of the uncompressed tar.</param>
    IKitfileEntry WithLayer(Digest digest, Digest diffId);
}
