using System.Diagnostics.CodeAnalysis;

namespace Kit.Oci;

/// <summary>
/// A fully qualified OCI reference: <c>registry/repository</c> with an optional tag or digest.
/// </summary>
/// <remarks>
/// Strict: the registry is always the first path component, there is no Docker Hub defaulting.
/// <c>repo:tag@digest</c> is accepted and the digest wins, as in oras-go, because a digest already
/// names exactly one manifest. Tag and digest are therefore never both set.
/// </remarks>
public readonly record struct Reference
{
    private Reference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>Host with optional port, lowercased, e.g. <c>localhost:5000</c> or <c>ghcr.io</c>.</summary>
    public string Registry { get; }

    /// <summary>Repository path inside the registry, e.g. <c>org/model</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag, or null when the reference names a digest or nothing.</summary>
    public string? Tag { get; }

    /// <summary>The digest, when the reference names one (<c>@sha256:…</c>); else null.</summary>
    public Digest? Digest { get; }

    /// <summary><c>registry/repository</c>.</summary>
    public string Name => Registry + "/" + Repository;

    /// <summary>What follows the repository: the digest string, the tag, or null.</summary>
    public string? ReferenceValue => Digest?.ToString() ?? Tag;

    /// <summary>The canonical form <c>registry/repository:tag</c> or <c>registry/repository@digest</c>.</summary>
    public override string ToString() =>
        Digest is { } d ? $"{Name}@{d}" : Tag is { } t ? $"{Name}:{t}" : Name;

    /// <summary>The same repository naming <paramref name="tag"/> instead.</summary>
    /// <param name="tag">A valid tag.</param>
    public Reference WithTag(string tag) => Create(Registry, Repository, tag, null);

    /// <summary>The same repository naming <paramref name="digest"/> instead.</summary>
    /// <param name="digest">The manifest digest.</param>
    public Reference WithDigest(Digest digest) => new(Registry, Repository, null, digest);

    /// <summary>Builds a reference from parts, validating each; at most one of tag and digest.</summary>
    public static Reference Create(string registry, string repository, string? tag = null, Digest? digest = null)
    {
        if (tag is not null && digest is not null)
            throw new ArgumentException("a reference names a tag or a digest, not both", nameof(tag));
        registry = registry.ToLowerInvariant();
        var error = ReferenceSyntax.CheckRegistry(registry)
            ?? ReferenceSyntax.CheckRepository(repository)
            ?? (tag is null ? null : ReferenceSyntax.CheckTag(tag));
        if (error is not null)
            throw new FormatException($"invalid reference \"{Format(registry, repository, tag, digest)}\": {error}");
        return new Reference(registry, repository, tag, digest);
    }

    /// <summary>Parses <c>registry/repository[:tag][@digest]</c>; the registry is required.</summary>
    /// <param name="value">The reference string.</param>
    /// <exception cref="FormatException">The value is not a valid reference.</exception>
    public static Reference Parse(string value) =>
        TryParse(value, out var reference, out var error)
            ? reference
            : throw new FormatException($"invalid reference \"{value}\": {error}");

    /// <summary>Parses <c>registry/repository[:tag][@digest]</c> without throwing.</summary>
    /// <param name="value">The reference string.</param>
    /// <param name="reference">The reference, when valid.</param>
    public static bool TryParse([NotNullWhen(true)] string? value, out Reference reference) =>
        TryParse(value, out reference, out _);

    /// <summary>Parses <c>registry/repository[:tag][@digest]</c>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out Reference reference, [NotNullWhen(false)] out string? error)
    {
        reference = default;
        if (string.IsNullOrEmpty(value))
        {
            error = "reference is empty";
            return false;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = "a registry is required (expected registry/repository[:tag|@digest])";
            return false;
        }

        // Host names are case-insensitive; one spelling keeps ToString canonical and equality meaningful.
        var registry = value[..slash].ToLowerInvariant();
        var rest = value[(slash + 1)..];
        string? tag = null;
        Digest? digest = null;

        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digestText = rest[(at + 1)..];
            if (!Oci.Digest.TryParse(digestText, out var parsed))
            {
                error = $"invalid digest \"{digestText}\": expected sha256:<64 lowercase hex characters>";
                return false;
            }
            digest = parsed;
            rest = rest[..at];
        }

        // Tags cannot contain ':' and the registry is already split off, so the last ':' starts the tag.
        var colon = rest.LastIndexOf(':');
        var repository = colon >= 0 ? rest[..colon] : rest;
        if (colon >= 0 && digest is null)
            tag = rest[(colon + 1)..];

        error = ReferenceSyntax.CheckRegistry(registry)
            ?? ReferenceSyntax.CheckRepository(repository)
            ?? (colon >= 0 ? ReferenceSyntax.CheckTag(rest[(colon + 1)..]) : null);
        if (error is not null)
            return false;

        reference = new Reference(registry, repository, tag, digest);
        return true;
    }

    private static string Format(string registry, string repository, string? tag, Digest? digest) =>
        registry + "/" + repository + (digest is { } d ? "@" + d : tag is null ? "" : ":" + tag);
}
