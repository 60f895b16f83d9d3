using System.Diagnostics.CodeAnalysis;
using Kit.Oci;

namespace Kit.Core.References;

/// <summary>
/// A ModelKit reference as users type it: <c>[registry/]repository[:tag|@digest][,tag2,...]</c>,
/// with KitOps's defaults (registry <c>localhost</c>, tag <c>latest</c>, bare digest → <c>localhost/_</c>).
/// </summary>
/// <remarks>
/// Differences from KitOps, all stricter or more predictable:
/// extra comma tags are validated; a first component equal to <c>localhost</c> is a registry, so
/// <c>localhost/foo</c> is repository <c>foo</c>; a digest can never end up as a tag
/// (<c>sha256:&lt;hex&gt;,t</c> and <c>sha256:abc</c> are read as digests, not as repository <c>sha256</c>);
/// the registry is lowercased because host names are case-insensitive.
/// </remarks>
public sealed class ModelReference : IEquatable<ModelReference>
{
    /// <summary>The registry a reference without one gets: <c>localhost</c>, which means the local store.</summary>
    public const string DefaultRegistry = "localhost";
    /// <summary>The tag a reference without tag or digest gets.</summary>
    public const string DefaultTag = "latest";

    /// <summary>Repository KitOps uses for ModelKits that were packed without a tag or named by a bare digest.</summary>
    public const string UnnamedRepository = "_";

    private ModelReference(string registry, string repository, string? tag, Digest? digest, IReadOnlyList<string> extraTags, bool isTagExplicit,
        bool namesRegistry)
    {
        NamesRegistry = namesRegistry;
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
        ExtraTags = extraTags;
        IsTagExplicit = isTagExplicit;
    }

    /// <summary>Host[:port]; <c>localhost</c> when the user named none.</summary>
    public string Registry { get; }

    /// <summary>
    /// Whether the user wrote a registry (<c>localhost/</c> included): only then does a command or a parent lookup
    /// reach a registry. Without one, <see cref="Registry"/> is the <c>localhost</c> default and means the local store.
    /// </summary>
    public bool NamesRegistry { get; }

    /// <summary>Repository path without registry, e.g. <c>org/model</c>, or <c>_</c> for unnamed kits.</summary>
    public string Repository { get; }

    /// <summary>The tag; null for a digest reference or an unnamed, untagged kit.</summary>
    public string? Tag { get; }

    /// <summary>The digest, for a reference written with <c>@sha256:…</c> (or a bare digest); else null.</summary>
    public Digest? Digest { get; }

    /// <summary>Tags after the first, from <c>repo:t1,t2,t3</c>; validated like the first.</summary>
    public IReadOnlyList<string> ExtraTags { get; }

    /// <summary>False when <see cref="Tag"/> is the <c>latest</c> default (or absent) rather than typed by the user.</summary>
    public bool IsTagExplicit { get; }

    /// <summary>True when the reference names a digest rather than a tag.</summary>
    public bool IsDigestReference => Digest is not null;

    /// <summary>True when the reference lists tags after the first (<c>repo:t1,t2</c>).</summary>
    public bool HasExtraTags => ExtraTags.Count > 0;

    /// <summary><c>registry/repository</c>, e.g. <c>localhost/test</c>.</summary>
    public string FullRepository => Registry + "/" + Repository;

    /// <summary>What a store or registry looks the kit up by: the digest, else the tag, else <c>latest</c>.</summary>
    public string TagOrDigest => Digest?.ToString() ?? Tag ?? DefaultTag;

    /// <summary>The tag (if any) followed by the extra tags, in the order given.</summary>
    public IEnumerable<string> AllTags => Tag is null ? ExtraTags : ExtraTags.Prepend(Tag);

    /// <summary>The short form KitOps prints in <c>list</c>, <c>remove</c> and "not found" messages.</summary>
    public string Display => FormatRepositoryForDisplay(ToString());

    /// <summary>Canonical <c>registry/repository:tag</c> or <c>registry/repository@sha256:…</c>; extra tags are not included.</summary>
    public override string ToString() =>
        Digest is { } d ? $"{FullRepository}@{d}" : Tag is { } t ? $"{FullRepository}:{t}" : FullRepository;

    /// <summary>
    /// KitOps's <c>FormatRepositoryForDisplay</c>: drop a leading <c>localhost/</c>, then <c>_</c>, then <c>@</c>,
    /// so <c>localhost/test:t</c> → <c>test:t</c> and <c>localhost/_@sha256:x</c> → <c>sha256:x</c>.
    /// </summary>
    public static string FormatRepositoryForDisplay(string repository)
    {
        var s = repository.AsSpan();
        if (s.StartsWith(DefaultRegistry + "/", StringComparison.Ordinal))
            s = s[(DefaultRegistry.Length + 1)..];
        if (s.StartsWith(UnnamedRepository, StringComparison.Ordinal))
            s = s[UnnamedRepository.Length..];
        if (s.StartsWith("@", StringComparison.Ordinal))
            s = s[1..];
        return s.ToString();
    }

    /// <summary>The reference <c>kit pack</c> uses without <c>-t</c>: <c>localhost/_</c>, no tag.</summary>
    public static ModelReference Unnamed { get; } = new(DefaultRegistry, UnnamedRepository, null, null, [], false, false);

    /// <summary>The same repository, naming <paramref name="digest"/>; extra tags are dropped.</summary>
    public ModelReference WithDigest(Digest digest) => new(Registry, Repository, null, digest, [], false, NamesRegistry);

    /// <summary>The same repository with an explicit tag; extra tags are dropped.</summary>
    public ModelReference WithTag(string tag)
    {
        var error = ReferenceSyntax.CheckTag(tag);
        if (error is not null)
            throw new FormatException($"invalid tag \"{tag}\": {error}");
        if (Repository == UnnamedRepository)
            throw new FormatException($"invalid reference \"{FullRepository}:{tag}\": repository \"{UnnamedRepository}\" holds unnamed ModelKits and cannot be tagged; choose a repository name");
        return new ModelReference(Registry, Repository, tag, null, [], true, NamesRegistry);
    }

    /// <summary>The generic OCI form, for registry and store operations. Fails for the unnamed repository <c>_</c>.</summary>
    public Reference ToOciReference() => Reference.Create(Registry, Repository, Tag, Digest);

    /// <summary>Parses with KitOps's grammar.</summary>
    /// <param name="value">The reference as typed.</param>
    /// <exception cref="FormatException">The value is not a valid reference; the message says why.</exception>
    public static ModelReference Parse(string value) =>
        TryParse(value, out var reference, out var error) ? reference : throw new FormatException(error);

    /// <summary>Parses with KitOps's grammar, without throwing.</summary>
    /// <param name="value">The reference as typed.</param>
    /// <param name="reference">The parsed reference, when valid.</param>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out ModelReference? reference) =>
        TryParse(value, out reference, out _);

    /// <summary>Parses with KitOps's grammar ; <paramref name="error"/> is a complete one-line message.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out ModelReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        var reason = ModelReferenceParser.Parse(value ?? "", out reference);
        error = reason is null ? null : $"invalid reference \"{value}\": {reason}";
        return reason is null;
    }

    internal static ModelReference CreateUnchecked(string registry, string repository, string? tag, Digest? digest, IReadOnlyList<string> extraTags,
        bool isTagExplicit, bool namesRegistry) =>
        new(registry, repository, tag, digest, extraTags, isTagExplicit, namesRegistry);

    // Whether the tag or registry was typed is a fact about the input, not about what is named, so it is not part of equality.
    /// <summary>True when both name the same registry, repository, tag, digest and extra tags.</summary>
    /// <param name="other">The reference to compare with.</param>
    public bool Equals(ModelReference? other) =>
        other is not null
        && Registry == other.Registry
        && Repository == other.Repository
        && Tag == other.Tag
        && Digest == other.Digest
        && ExtraTags.SequenceEqual(other.ExtraTags);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ModelReference);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Registry, Repository, Tag, Digest, ExtraTags.Count);
}
