namespace Kit.Oci.Copy;

/// <summary>What a node of the copied graph is to its parent.</summary>
public enum CopyNodeKind
{
    /// <summary>An image index (manifest list): the root, or an index inside an index.</summary>
    Index,

    /// <summary>An image manifest: the root, or an entry of an index.</summary>
    Manifest,

    /// <summary>An image manifest's config blob.</summary>
    Config,

    /// <summary>An image manifest's layer blob.</summary>
    Layer,
}
