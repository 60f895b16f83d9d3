namespace Kit.Core.Client;

/// <summary>What <see cref="KitClient.RemoveAsync"/> or <see cref="KitClient.RemoveAllAsync"/> did.</summary>
/// <param name="Removed">One line per tag removed or ModelKit deleted, as <c>kit remove</c> prints them (e.g. <c>Removed model:v1 (digest sha256:...)</c>).</param>
public sealed record RemoveResult(IReadOnlyList<string> Removed);
