namespace Kit.Core.Remote;

/// <summary>Why a registry could not be used: lets a front end add its own advice (flags, commands) to the message.</summary>
public enum RegistryFailureKind
{
    /// <summary>The registry or its token service refused the credential (or there was none).</summary>
    Authentication,
    /// <summary>401/403 on an operation: the credential lacks the permission.</summary>
    AccessDenied,
    /// <summary>Repository, tag, manifest or blob not found.</summary>
    NotFound,
    /// <summary>Plain HTTP was requested but the registry speaks HTTPS.</summary>
    PlainHttpToHttpsRegistry,
    /// <summary>The host answered <c>/v2/</c> with something other than a registry's answer.</summary>
    NotARegistry,
    /// <summary>Any other error status or protocol problem.</summary>
    Protocol,
    ManifestTooLarge,
    /// <summary>The registry does not support the operation (e.g. deleting manifests).</summary>
    Unsupported,
    HostNotFound,
    ConnectionRefused,
    ConnectionFailed,
    TlsHandshake,
    ProxyRefused,
    /// <summary>The request failed for another network reason.</summary>
    RequestFailed,
    /// <summary>The connection broke in the middle of a transfer, after the retries.</summary>
    ConnectionLost,
}
