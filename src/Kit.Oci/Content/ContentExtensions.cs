using Kit.Oci.Layout;

namespace Kit.Oci.Content;

/// <summary>The common verbs over the capability interfaces.</summary>
public static class ContentExtensions
{
    /// <summary>The default cap for <see cref="FetchAllAsync"/>: the distribution spec's manifest limit.</summary>
    public const long DefaultMaxBytes = 4 << 20;

    /// <summary>Reads small content (a manifest or config) whole, verified.</summary>
    /// <exception cref="InvalidDataException"><paramref name="target"/> is larger than <paramref name="maxBytes"/>.</exception>
    public static async Task<byte[]> FetchAllAsync(this IFetchable storage, Descriptor target, long maxBytes = DefaultMaxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(target);
        if (target.Size > maxBytes)
            throw new InvalidDataException($"{target.Digest}: content is {target.Size} bytes, more than the {maxBytes} allowed");
        var content = new byte[target.Size];
        var stream = await storage.FetchAsync(target, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await stream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            // The end of the stream is where size and digest are checked (and where extra bytes show).
            if (await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) != 0)
                throw DigestAccumulator.TooLong(target.Digest, target.Size);
        }
        return content;
    }

    /// <summary>Stores <paramref name="content"/> under the descriptor it hashes to.</summary>
    public static async Task<Descriptor> PushBytesAsync(this IPushable storage, string mediaType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var descriptor = Descriptor.For(mediaType, content.Span);
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        await storage.PushAsync(descriptor, stream, cancellationToken).ConfigureAwait(false);
        return descriptor;
    }
}
