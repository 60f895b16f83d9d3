namespace Kit.Oci.Remote;

/// <summary>One entry of a distribution-spec error body: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
/// <param name="Code">The spec's error code, e.g. <c>BLOB_UNKNOWN</c>, as sent.</param>
/// <param name="Message">The registry's human-readable message, as sent.</param>
/// <param name="Detail">The raw JSON of <c>detail</c> (any JSON value), or null.</param>
public sealed record RegistryError(string Code, string Message, string? Detail);
