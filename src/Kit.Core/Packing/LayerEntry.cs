namespace Kit.Core.Packing;

/// <summary>One file or directory to write into a layer tar, in archive order.</summary>
/// <param name="Name">Archive name: relative to the context, <c>/</c>-separated, no <c>./</c>, no trailing <c>/</c>.</param>
/// <param name="FullPath">Where to read the file on disk.</param>
/// <param name="IsDirectory">Directory entries carry no data.</param>
/// <param name="Mode">Permission bits plus setuid/setgid/sticky (e.g. octal 644), as Go's tar header mode.</param>
/// <param name="Size">File size in bytes when planned; 0 for directories.</param>
internal sealed record LayerEntry(string Name, string FullPath, bool IsDirectory, int Mode, long Size);
