using Kit.Oci;

namespace Kit.Cli.Completion;

/// <summary>What completion can name: stored ModelKits or stored ModelKit indexes.</summary>
internal enum StoredKind
{
    ModelKit,
    Index,
}

/// <summary>One stored ModelKit or index as completion offers it.</summary>
/// <param name="Repository">Its repository as commands show it (<c>localhost/</c> left out).</param>
/// <param name="Digest">Its manifest or index digest.</param>
/// <param name="Tags">Its tags in that repository.</param>
internal sealed record StoredName(string Repository, Digest Digest, IReadOnlyList<string> Tags);
