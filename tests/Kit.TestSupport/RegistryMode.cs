namespace Kit.TestSupport;

public enum RegistryMode
{
    /// <summary>Plain HTTP, no auth.</summary>
    PlainHttp,

    /// <summary>HTTPS with a self-signed certificate and htpasswd (bcrypt) basic auth.</summary>
    TlsBasicAuth,

    /// <summary>HTTPS with bearer tokens from an in-test <see cref="TokenIssuer"/>.</summary>
    TlsTokenAuth,
}
