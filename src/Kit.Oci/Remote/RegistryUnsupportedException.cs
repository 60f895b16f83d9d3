using System.Net;

namespace Kit.Oci.Remote;

/// <summary>The registry does not offer this operation (405, or <c>UNSUPPORTED</c>), e.g. manifest deletion disabled.</summary>
public sealed class RegistryUnsupportedException(string registry, string operation, string subject, HttpStatusCode statusCode,
    IReadOnlyList<RegistryError> errors, string? bodyExcerpt)
    : RegistryException(registry, operation, subject, statusCode, errors, bodyExcerpt);
