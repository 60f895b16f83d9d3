using Kit.Core.References;

namespace Kit.Cli.Completion;

/// <summary>
/// Candidates for a local ModelKit or index reference, per repository (shown without <c>localhost/</c>), as KitOps offers them:
/// after an <c>@</c> every digest, after a <c>:</c> every tag, otherwise the repository alone (no tag), with its tag
/// (one tag) or followed by <c>:</c> (several tags) so the next tab lists them.
/// </summary>
internal static class ModelKitReferenceCompletions
{
    public static IEnumerable<string> For(string word, IReadOnlyList<StoredName> stored)
    {
        var byRepository = stored
            .Where(k => k.Repository != ModelReference.UnnamedRepository && !k.Repository.EndsWith("/" + ModelReference.UnnamedRepository, StringComparison.Ordinal))
            .GroupBy(k => k.Repository, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var repository in byRepository)
        {
            var tags = repository.SelectMany(k => k.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (word.Contains('@', StringComparison.Ordinal))
            {
                foreach (var digest in repository.Select(k => k.Digest.ToString()).Distinct(StringComparer.Ordinal))
                    yield return $"{repository.Key}@{digest}";
            }
            else if (word.Contains(':', StringComparison.Ordinal))
            {
                foreach (var tag in tags) yield return $"{repository.Key}:{tag}";
            }
            else
            {
                yield return tags.Count switch
                {
                    0 => repository.Key,
                    1 => $"{repository.Key}:{tags[0]}",
                    _ => repository.Key + ":",
                };
            }
        }
    }
}
