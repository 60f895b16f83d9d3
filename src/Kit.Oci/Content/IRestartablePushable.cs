namespace Kit.Oci.Content;

/// <summary>
/// Optional on a target whose uploads can break half way (a registry): it may ask for the content again from its first
/// byte to start over, which a single <see cref="IPushable.PushAsync"/> stream cannot give.
/// </summary>
public interface IRestartablePushable
{
    /// <param name="openContent">Opens the content from its first byte; called once per attempt, the stream is disposed by the target.</param>
    /// <param name="expected">What the content must match; a mismatch fails the push.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task PushAsync(Descriptor expected, Func<CancellationToken, Task<Stream>> openContent, CancellationToken cancellationToken = default);
}
