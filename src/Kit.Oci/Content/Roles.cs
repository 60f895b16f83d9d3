namespace Kit.Oci.Content;

/// <summary>Content addressed by descriptor, readable.</summary>
public interface IReadOnlyStorage : IFetchable, IExistable;

/// <summary>Content addressed by descriptor, readable and writable.</summary>
public interface IStorage : IReadOnlyStorage, IPushable;

/// <summary>Readable storage whose manifests can be found by tag: what a copy reads from.</summary>
public interface IReadOnlyTarget : IReadOnlyStorage, IResolvable;

/// <summary>Writable storage with tags: what a copy writes to.</summary>
public interface ITarget : IStorage, IReadOnlyTarget, ITaggable;
