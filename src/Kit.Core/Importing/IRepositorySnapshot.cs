using Kit.Core.HuggingFace;

namespace Kit.Core.Importing;

/// <summary>
/// One commit of a remote repository, being brought into a local directory: its file listing first, then the files
/// the Kitfile packs.
/// </summary>
internal interface IRepositorySnapshot
{
    /// <summary>How provenance names the source: <c>hf://org/repo</c>, or the URL without credentials.</summary>
    string SourceUri { get; }

    /// <summary>The commit every file comes from.</summary>
    string Commit { get; }

    /// <summary>Package name and author of a generated Kitfile (the repository's name and owner).</summary>
    (string Name, string Owner) Names { get; }

    /// <summary>Every file of the commit, with its size and, where the source gives one, its hash.</summary>
    IReadOnlyList<HubFile> Files { get; }

    /// <summary>Brings <paramref name="file"/> into the directory (if it is not there yet) and reads it as text.</summary>
    Task<string> ReadTextAsync(HubFile file, CancellationToken cancellationToken);

    /// <summary>Brings <paramref name="files"/> into the directory, each verified.</summary>
    Task FetchAsync(IReadOnlyList<HubFile> files, IImportObserver observer, CancellationToken cancellationToken);
}
