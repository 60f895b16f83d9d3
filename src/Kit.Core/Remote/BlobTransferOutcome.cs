namespace Kit.Core.Remote;

public enum BlobTransferOutcome
{
    /// <summary>The destination had it already.</summary>
    Skipped,

    /// <summary>Copied inside the registry from another repository.</summary>
    Mounted,

    Uploaded,
    Downloaded,
}
