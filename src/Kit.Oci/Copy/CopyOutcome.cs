namespace Kit.Oci.Copy;

/// <summary>How one node reached the target.</summary>
public enum CopyOutcome
{
    /// <summary>The target had it: no bytes moved.</summary>
    Skipped,

    /// <summary>Linked from another repository of the same registry: no bytes moved.</summary>
    Mounted,

    /// <summary>Its bytes were read from the source and written to the target. Manifests are always written (they are small, and writing one is what names it).</summary>
    Copied,

    /// <summary>Copied, continuing after bytes an interrupted earlier copy left in the target.</summary>
    Resumed,
}
