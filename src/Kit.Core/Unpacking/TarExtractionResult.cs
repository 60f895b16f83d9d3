namespace Kit.Core.Unpacking;

/// <summary>What one extraction did.</summary>
/// <param name="FilesWritten">Full paths of the regular files written, in archive order.</param>
/// <param name="FilesSkipped">Existing files kept because of ignore-existing.</param>
/// <param name="DirectoriesCreated">Directory entries that did not exist before.</param>
internal sealed record TarExtractionResult(IReadOnlyList<string> FilesWritten, int FilesSkipped, int DirectoriesCreated);
