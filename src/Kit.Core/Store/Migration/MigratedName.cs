using Kit.Oci;

namespace Kit.Core.Store.Migration;

/// <summary>A name KitOps gave a manifest: a tag in a repository, or (Tag null) membership without one.</summary>
internal sealed record MigratedName(string Repository, string? Tag, Descriptor Manifest);
