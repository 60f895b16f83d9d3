using System.Collections.Concurrent;

namespace Kit.Oci.Content;

/// <summary>
/// Content and tags held in memory: for tests and for library users who build or inspect small artifacts without
/// a disk or a registry. Thread-safe; content is verified when pushed and again when read.
/// </summary>
public sealed class MemoryStore : ITarget, ITagListable, IDeletable
{
    private readonly ConcurrentDictionary<Digest, byte[]> _content = new();
    private readonly ConcurrentDictionary<Digest, Descriptor> _descriptors = new();
    private readonly ConcurrentDictionary<string, Descriptor> _tags = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    /// <remarks>The returned stream verifies size and digest as it is read.</remarks>
    /// <exception cref="ContentNotFoundException">Nothing with that digest is stored.</exception>
    public Task<Stream> FetchAsync(Descriptor target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_content.TryGetValue(target.Digest, out var bytes))
            throw NotFound(target.Digest.ToString());
        return Task.FromResult<Stream>(new VerifyingReadStream(new MemoryStream(bytes, writable: false), target, "memory store"));
    }

    /// <inheritdoc/>
    public Task<bool> ExistsAsync(Descriptor target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Task.FromResult(_content.ContainsKey(target.Digest));
    }

    /// <inheritdoc/>
    /// <remarks>Content already stored is not read again. The bytes are kept only if they match <paramref name="expected"/>; <paramref name="content"/> is left open.</remarks>
    public async Task PushAsync(Descriptor expected, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(content);
        if (_content.ContainsKey(expected.Digest))
            return;
        using var buffer = new MemoryStream();
        // The caller owns content.
        var verifying = new VerifyingReadStream(content, expected, "pushed content", leaveOpen: true);
        await using var _ = verifying.ConfigureAwait(false);
        await verifying.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        // Concurrent pushes of one digest hold the same verified bytes: whichever lands first is kept.
        if (_content.TryAdd(expected.Digest, buffer.ToArray()))
            _descriptors[expected.Digest] = new Descriptor(expected.MediaType, expected.Digest, expected.Size);
    }

    /// <inheritdoc/>
    /// <exception cref="ContentNotFoundException">No pushed content has that digest, or no tag has that name.</exception>
    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        if (Digest.TryParse(reference, out var digest))
            return _descriptors.TryGetValue(digest, out var byDigest) ? Task.FromResult(byDigest) : throw NotFound(reference);
        return _tags.TryGetValue(reference, out var tagged) ? Task.FromResult(tagged) : throw NotFound(reference);
    }

    /// <inheritdoc/>
    /// <remarks>A tag that exists is moved; the descriptor's own digest as <paramref name="tag"/> is accepted and changes nothing.</remarks>
    /// <exception cref="ArgumentException"><paramref name="tag"/> is not a valid tag.</exception>
    /// <exception cref="ContentNotFoundException">The content named by <paramref name="descriptor"/> is not stored.</exception>
    public Task TagAsync(Descriptor descriptor, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (Digest.TryParse(tag, out var digest) && digest == descriptor.Digest)
            return Task.CompletedTask; // a digest names its content already
        if (ReferenceSyntax.CheckTag(tag) is { } error)
            throw new ArgumentException($"invalid tag \"{tag}\": {error}", nameof(tag));
        if (!_content.ContainsKey(descriptor.Digest))
            throw NotFound(descriptor.Digest.ToString());
        _tags[tag] = descriptor;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>Sorted ordinally.</remarks>
    public Task<IReadOnlyList<string>> ListTagsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. _tags.Keys.Order(StringComparer.Ordinal)]);

    /// <summary>Removes the content and every tag naming it.</summary>
    public Task DeleteAsync(Descriptor target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!_content.TryRemove(target.Digest, out _))
            throw NotFound(target.Digest.ToString());
        _descriptors.TryRemove(target.Digest, out _);
        foreach (var (tag, named) in _tags)
        {
            if (named.Digest == target.Digest)
                _tags.TryRemove(KeyValuePair.Create(tag, named));
        }
        return Task.CompletedTask;
    }

    /// <summary>Replaces stored bytes without checking them: lets tests show that reads verify.</summary>
    internal void Corrupt(Digest digest, byte[] bytes) => _content[digest] = bytes;

    private static ContentNotFoundException NotFound(string subject) => new(subject, $"{subject}: not found in the memory store");
}
