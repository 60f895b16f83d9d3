using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Core.ModelKits;
using Kit.Core.Packing;
using Kit.Core.Store;
using Kit.Core.Unpacking;

namespace Kit.Core.Skills;

/// <summary>
/// <c>kit unpack --as-skill</c>: installs each prompt layer of a ModelKit that holds a <c>SKILL.md</c> as an agent skill,
/// instead of unpacking files into a directory. Only the prompt layers are read (from the store, else downloaded);
/// parents are not followed and no Kitfile is written.
/// </summary>
internal sealed class ModelKitSkills(LocalModelKits store, IModelKitSource source, Action<string> info, Action<string> warn)
{
    public async Task InstallAsync(SkillInstallRequest request, CancellationToken cancellationToken)
    {
        var filters = PromptFilters(request.Filters);
        // Agents first: a bad --as-skill value fails before anything is downloaded.
        var agents = CodingAgents.Select(request.Agents, request.Environment, info);
        var kit = await source.OpenAsync(request.Reference, k => SelectPrompts(k, filters), cancellationToken).ConfigureAwait(false);
        await using var kitScope = kit.ConfigureAwait(false);
        if (kit.Kitfile is null) throw new KitException("No Kitfile found in modelkit; no prompt layers to install as skills");

        var (matched, found, failures) = (0, 0, 0);
        foreach (var (entry, layer, parsed) in KitfileLayerMatcher.Match(kit.Kitfile, kit.Manifest))
        {
            if (parsed.Kind != LayerKind.Prompt || !filters.Includes(entry)) continue;
            matched++;
            try
            {
                var skill = await ReadAsync(kit, layer, parsed, entry, cancellationToken).ConfigureAwait(false);
                if (skill is null)
                {
                    info($"Skipping prompt \"{entry.Path}\": not a SKILL.md, cannot install as skill");
                    continue;
                }
                found++;
                failures += SkillInstaller.Install(skill.Name, skill.Files, agents, request.ProjectDirectory, request.Existing, info);
            }
            catch (KitException e)
            {
                failures++;
                info($"Failed to install skill from prompt \"{entry.Path}\": {e.Message}");
            }
        }
        if (matched == 0) throw new KitException("No prompt layers matched the specified filters");
        if (found == 0 && failures == 0)
            throw new KitException("No agent skills found in modelkit. Prompt layers must contain a SKILL.md file to be installed as skills.");
        if (failures > 0) throw new KitException($"failed to install {failures} skill(s)");
    }

    /// <summary>The prompts filters of <paramref name="filters"/> (all prompts when there are none); every other type is warned about.</summary>
    private UnpackFilterSet PromptFilters(UnpackFilterSet filters)
    {
        if (filters.IsEverything) return UnpackFilterSet.Of(UnpackFilter.Create([UnpackFilterType.Prompts]));
        foreach (var type in filters.Filters.SelectMany(f => f.Types).Where(t => t != UnpackFilterType.Prompts).Distinct())
            warn($"Filter type '{UnpackFilter.TypeName(type)}' has no effect with --as-skill (only 'prompts' filters apply)");
        return UnpackFilterSet.Of(filters.Filters.Where(f => f.Selects(UnpackFilterType.Prompts))
            .Select(f => UnpackFilter.Create([UnpackFilterType.Prompts], f.Ids)));
    }

    private static HashSet<Oci.Digest> SelectPrompts(ModelKit kit, UnpackFilterSet filters) =>
        [.. KitfileLayerMatcher.Match(kit.Kitfile, kit.Manifest).Where(m => m.MediaType.Kind == LayerKind.Prompt && filters.Includes(m.Entry))
            .Select(m => m.Layer.Digest)];

    private async Task<PromptSkill?> ReadAsync(ModelKit kit, Oci.Descriptor layer, LayerMediaType parsed, KitfileLayer entry, CancellationToken cancellationToken)
    {
        if (layer.Size > PromptSkill.MaxBytes)
            throw new KitException($"layer is {layer.Size} bytes, more than the 10 MiB a skill may have");
        if (parsed.Compression is not (LayerCompression.None or LayerCompression.Gzip or LayerCompression.GzipFastest))
            throw new KitException($"layers compressed with {parsed.Compression.ToString().ToLowerInvariant()} cannot be installed as skills (only none and gzip)");
        var stream = store.Store.Layout.OpenRead(layer.Digest, layer.Size);
        await using (stream.ConfigureAwait(false))
        {
            var gzip = parsed.Compression != LayerCompression.None;
            return parsed.Format == LayerFormat.Raw
                ? await PromptSkill.ReadRawAsync(stream, gzip, entry.Path, entry.Name, kit.Reference.Repository, warn, cancellationToken).ConfigureAwait(false)
                : await PromptSkill.ReadAsync(stream, gzip, entry.Path, entry.Name, kit.Reference.Repository, warn, cancellationToken).ConfigureAwait(false);
        }
    }
}
