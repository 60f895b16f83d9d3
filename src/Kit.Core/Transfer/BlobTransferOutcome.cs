namespace Kit.Core.Transfer;

internal enum BlobTransferOutcome
{
    /// <summary>The destination had it already (registry HEAD, or the local store): no bytes moved.</summary>
    Skipped,

    /// <summary>Linked from another repository of the same registry: no bytes moved.</summary>
    Mounted,

    Uploaded,

    Downloaded,

    /// <summary>Downloaded, continuing a partial download an earlier run left behind.</summary>
    Resumed,
}
