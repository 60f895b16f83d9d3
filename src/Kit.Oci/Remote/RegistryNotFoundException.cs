using System.Net;

namespace Kit.Oci.Remote;

/// <summary>404: the repository, manifest, tag or blob does not exist (or is invisible to these credentials).</summary>
public sealed class RegistryNotFoundException(string registry, string operation, string subject,
    IReadOnlyList<RegistryError> errors, string? bodyExcerpt)
    : RegistryException(registry, operation, subject, HttpStatusCode.NotFound, errors, bodyExcerpt);
