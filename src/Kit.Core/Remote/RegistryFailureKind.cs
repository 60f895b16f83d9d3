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
    /// <summary>The manifest is larger than the limit kit accepts, so it was not read.</summary>
    ManifestTooLarge,
    /// <summary>The registry does not support the operation (e.g. deleting manifests).</summary>
    Unsupported,
    /// <summary>The registry host name does not resolve.</summary>
    HostNotFound,
    /// <summary>Nothing listens on the registry's port.</summary>
    ConnectionRefused,
    /// <summary>The connection could not be made for another reason (timeout, unreachable network).</summary>
    ConnectionFailed,
    /// <summary>The TLS handshake failed: an untrusted or mismatched certificate, or a registry that speaks plain HTTP.</summary>
    TlsHandshake,
    /// <summary>The configured proxy refused the connection or the tunnel.</summary>
    ProxyRefused,
    /// <summary>The request failed for another network reason.</summary>
    RequestFailed,
    /// <summary>The connection broke in the middle of a transfer, after the retries.</summary>
    ConnectionLost,
    /// <summary>No data moved for the stall interval, again after every retry.</summary>
    Stalled,
}
