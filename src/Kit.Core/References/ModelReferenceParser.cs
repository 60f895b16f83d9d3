using Kit.Oci;

namespace Kit.Core.References;

/// <summary>KitOps's <c>ParseReference</c> grammar, with the fixes listed on <see cref="ModelReference"/>.</summary>
internal static class ModelReferenceParser
{
    private const string DigestHint = "expected sha256:<64 lowercase hex characters>";

    /// <summary>Returns null on success, else the reason (without the <c>invalid reference "x":</c> prefix).</summary>
    public static string? Parse(string value, out ModelReference? reference)
    {
        reference = null;
        if (value.Length == 0)
            return "reference is empty; expected [registry/]repository[:tag|@digest]";

        // "https://host/repo:1" would otherwise read as registry "https:" with an invalid port.
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && value[..scheme].All(char.IsAsciiLetter))
            return $"a reference has no URL scheme; drop \"{value[..(scheme + 3)]}\" and write {value[(scheme + 3)..]}";

        var parts = value.Split(',');
        var main = parts[0];
        if (main.Length == 0)
            return "reference before ',' is empty";

        var extraTags = parts[1..];
        foreach (var extra in extraTags)
        {
            var extraError = CheckExtraTag(extra);
            if (extraError is not null)
                return extraError;
        }

        // A bare digest names an unnamed kit. Anything spelled like one without a '/' is read as a
        // digest attempt, never as repository "sha256" with a hex tag.
        if (main.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal) && !main.Contains('/', StringComparison.Ordinal))
        {
            if (!Digest.TryParse(main, out var bare))
                return $"invalid digest \"{main}\": {DigestHint}";
            reference = ModelReference.CreateUnchecked(ModelReference.DefaultRegistry, ModelReference.UnnamedRepository, null, bare, extraTags, false, false);
            return null;
        }

        var (registry, rest, namesRegistry) = SplitRegistry(main);
        string repository;
        string? tag = null;
        Digest? digest = null;
        var isTagExplicit = false;
        string? tagError = null;

        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digestText = rest[(at + 1)..];
            if (!Digest.TryParse(digestText, out var parsed))
                return $"invalid digest \"{digestText}\" after '@': {DigestHint}";
            digest = parsed;
            // KitOps ignores a tag before '@' because the digest already names the manifest; it must still be well formed.
            if (colon >= 0 && colon < at)
            {
                tagError = ReferenceSyntax.CheckTag(rest[(colon + 1)..at]);
                repository = rest[..colon];
            }
            else
            {
                repository = rest[..at];
            }
        }
        else if (colon >= 0)
        {
            repository = rest[..colon];
            tag = rest[(colon + 1)..];
            isTagExplicit = true;
            tagError = ReferenceSyntax.CheckTag(tag);
        }
        else
        {
            repository = rest;
            tag = ModelReference.DefaultTag;
        }

        var registryError = ReferenceSyntax.CheckRegistry(registry);
        if (registryError is not null)
            return registryError;

        if (!(repository == ModelReference.UnnamedRepository && digest is not null))
        {
            var repositoryError = ReferenceSyntax.CheckRepository(repository);
            if (repositoryError is not null)
                return repositoryError;
        }
        if (tagError is not null)
            return tagError;

        reference = ModelReference.CreateUnchecked(registry.ToLowerInvariant(), repository, tag, digest, extraTags, isTagExplicit, namesRegistry);
        return null;
    }

    // The first component is a registry when it looks like a host (has '.' or ':') or is exactly
    // "localhost"; KitOps lacked the last rule, so "localhost/foo" became repository "localhost/foo".
    private static (string Registry, string Remainder, bool Written) SplitRegistry(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var first = value[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == ModelReference.DefaultRegistry)
                return (first, value[(slash + 1)..], true);
        }
        return (ModelReference.DefaultRegistry, value, false);
    }

    private static string? CheckExtraTag(string extra)
    {
        if (extra.Length == 0)
            return "empty tag after ','; remove the stray ','";
        if (Digest.TryParse(extra, out _))
            return $"extra tag \"{extra}\" is a digest; only tags may follow ','";
        var error = ReferenceSyntax.CheckTag(extra);
        return error is null ? null : "extra " + error;
    }
}
