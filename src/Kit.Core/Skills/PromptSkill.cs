using System.Formats.Tar;
using System.IO.Compression;
using Kit.Core.Generation;

namespace Kit.Core.Skills;

/// <summary>
/// The skill a prompt layer holds (<c>kit unpack --as-skill</c>): its files, with the prompt's path taken off the front
/// (a one-file prompt keeps its file name), and its name. Skills are small: a layer, any file or all files together
/// over <see cref="MaxBytes"/> are refused, as are links.
/// </summary>
internal sealed record PromptSkill(string Name, IReadOnlyList<SkillFile> Files)
{
    public const long MaxBytes = 10 << 20;

    /// <summary>The skill in a prompt layer, or null when it holds no <c>SKILL.md</c>.</summary>
    /// <param name="layer">The layer's bytes (verified by the caller's stream), decompressed here when <paramref name="gzip"/>.</param>
    /// <param name="gzip">Whether the layer is gzip-compressed (the only compression skills may use).</param>
    /// <param name="promptPath">The prompt entry's path in the Kitfile.</param>
    /// <param name="promptName">The prompt entry's name, if any.</param>
    /// <param name="repository">The ModelKit's repository, the last resort for a name.</param>
    /// <param name="warn">Receives a malformed front matter's warning.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="KitException">The layer is too large, holds a link, or is not a tar archive.</exception>
    public static async Task<PromptSkill?> ReadAsync(Stream layer, bool gzip, string promptPath, string? promptName, string repository,
        Action<string> warn, CancellationToken cancellationToken)
    {
        var prefix = promptPath.Trim('/');
        if (prefix is "." or "./") prefix = "";
        var files = new List<SkillFile>();
        long total = 0;
        var archive = gzip ? new GZipStream(layer, CompressionMode.Decompress, leaveOpen: true) : layer;
        await using (archive.ConfigureAwait(false))
        {
            using var reader = new TarReader(archive, leaveOpen: true);
            TarEntry? entry;
            try
            {
                while ((entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false)) is not null)
                {
                    if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                        throw new KitException($"prompt {promptPath} holds a link ({entry.Name}): a skill cannot contain links");
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                    if (entry.Length > MaxBytes || (total += entry.Length) > MaxBytes)
                        throw new KitException($"prompt {promptPath} is larger than 10 MiB: too large to install as a skill");
                    var bytes = new byte[entry.Length];
                    if (entry.DataStream is { } data) await data.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
                    files.Add(new SkillFile(Relative(entry.Name, prefix), bytes));
                }
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
            {
                throw new KitException($"prompt {promptPath} is not a readable tar archive: {e.Message}", e);
            }
        }

        return Named(files, prefix, promptName, repository, warn);
    }

    /// <summary>The skill in a raw prompt layer (the prompt's one file, verbatim): a skill only when that file is a <c>SKILL.md</c>.</summary>
    /// <inheritdoc cref="ReadAsync"/>
    public static async Task<PromptSkill?> ReadRawAsync(Stream layer, bool gzip, string promptPath, string? promptName, string repository,
        Action<string> warn, CancellationToken cancellationToken)
    {
        var content = gzip ? new GZipStream(layer, CompressionMode.Decompress, leaveOpen: true) : layer;
        await using (content.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBytes) throw new KitException($"prompt {promptPath} is larger than 10 MiB: too large to install as a skill");
                await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            var prefix = promptPath.Trim('/');
            return Named([new SkillFile(Path.GetFileName(prefix), buffer.ToArray())], prefix, promptName, repository, warn);
        }
    }

    /// <summary>
    /// Null without a <c>SKILL.md</c>; else the skill, named by the first that gives a usable name: the SKILL.md's front
    /// matter, the prompt's name, its path's last segment (the directory of a <c>SKILL.md</c>), the repository's last segment.
    /// </summary>
    private static PromptSkill? Named(List<SkillFile> files, string prefix, string? promptName, string repository, Action<string> warn)
    {
        var skill = files.Where(f => Path.GetFileName(f.RelativePath).Equals("SKILL.md", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f.RelativePath.Count(c => c == '/')).FirstOrDefault();
        if (skill is null) return null;
        var frontMatter = SkillFrontMatter.Parse(System.Text.Encoding.UTF8.GetString(skill.Content.Span), prefix, warn);
        var baseName = Path.GetFileName(prefix);
        if (baseName.Equals("SKILL.md", StringComparison.OrdinalIgnoreCase)) baseName = Path.GetFileName(Path.GetDirectoryName(prefix));
        var name = SkillName.FirstOf(frontMatter?.Name, promptName, baseName, repository.Split('/')[^1]);
        return new PromptSkill(name, files);
    }

    /// <summary>An entry's path inside the skill: below the prompt's directory, or the file name of a one-file prompt.</summary>
    private static string Relative(string entryName, string prefix)
    {
        var name = (entryName.StartsWith("./", StringComparison.Ordinal) ? entryName[2..] : entryName).TrimStart('/');
        if (prefix.Length == 0) return name;
        if (name == prefix) return Path.GetFileName(name);
        return name.StartsWith(prefix + "/", StringComparison.Ordinal) ? name[(prefix.Length + 1)..] : name;
    }
}
