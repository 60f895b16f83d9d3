namespace Kit.Core.Unpacking;

/// <summary>Why an archive could not be extracted; lets the CLI choose a hint or an exit code.</summary>
public enum TarExtractionError
{
    /// <summary>An entry would land outside the target directory (absolute, <c>..</c>, or through a symlink).</summary>
    IllegalPath,

    /// <summary>An entry is neither a regular file nor a directory (symlink, hard link, device, ...).</summary>
    UnsupportedEntryType,

    /// <summary>A file already exists and neither overwrite nor ignore-existing was requested.</summary>
    PathExists,

    /// <summary>The existing path has another kind than the entry (file where a directory is needed, or the reverse).</summary>
    TypeConflict,

    /// <summary>The archive ended inside an entry, or its headers are corrupt.</summary>
    InvalidArchive,

    /// <summary>The bytes read do not hash to the expected layer digest.</summary>
    DigestMismatch,
}
