namespace Kit.Core.Unpacking;

/// <summary>What occupies a path, as seen without following a final symlink.</summary>
internal enum PathKind
{
    Missing,
    File,
    Directory,
    Link,
}
