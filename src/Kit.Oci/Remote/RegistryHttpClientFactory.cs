using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Kit.Oci.Remote.Retry;
using Kit.Oci.Remote.Stall;

namespace Kit.Oci.Remote;

/// <summary>
/// Builds the HttpClient registry traffic goes through: caller's handlers (auth) outermost, then
/// <see cref="RetryHandler"/>, then <see cref="StallWatchHandler"/> (each attempt watched on its own), then a
/// <see cref="SocketsHttpHandler"/>. Auth sits outside retry, as in oras-go,
/// so a retried request keeps its credentials and a 401 is answered once, not once per retry.
/// </summary>
internal static class RegistryHttpClientFactory
{
    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "Each handler is owned by the next outer one and the outermost by the returned HttpClient (disposeHandler: true); on failure the chain is disposed.")]
    public static HttpClient Create(RegistryHttpClientOptions options, params IEnumerable<DelegatingHandler> outerHandlers)
    {
        HttpMessageHandler handler = CreateTransport(options);
        try
        {
            if (options.StallTimeout != Timeout.InfiniteTimeSpan)
                handler = new StallWatchHandler(handler, options.StallTimeout, options.OnRetry);
            if (options.Retry is { } policy)
                handler = new RetryHandler(handler, policy) { Notify = options.OnRetry };
            foreach (var outer in outerHandlers.Reverse())
            {
                outer.InnerHandler = handler;
                handler = outer;
            }
            var client = new HttpClient(handler, disposeHandler: true)
            {
                // Blob transfers can take hours; stalls are caught by the stall watch, callers cancel.
                Timeout = Timeout.InfiniteTimeSpan,
            };
            client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("kitops-cli", options.Version));
            return client;
        }
        catch
        {
            // The chain owns its inner handlers: disposing the outermost disposes all.
            handler.Dispose();
            throw;
        }
    }

    public static SocketsHttpHandler CreateTransport(RegistryHttpClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            // Blobs are compressed already and digests cover the bytes as sent.
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            UseCookies = false,
            AllowAutoRedirect = true,
        };
        if (options.Proxy is { } proxy)
        {
            handler.Proxy = new WebProxy(proxy);
            handler.UseProxy = true;
        }
        if (options.ServerCertificateValidation is { } validate)
            handler.SslOptions.RemoteCertificateValidationCallback = validate;
        else if (!options.TlsVerify)
        {
#pragma warning disable CA5359 // the user asked for --tls-verify=false
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (options.TrustedCertificateFiles.Count > 0)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = ExtraTrust.Validator(ExtraTrust.Load(options.TrustedCertificateFiles));
        }
        if (options.ClientCertificateFile is not null || options.ClientKeyFile is not null)
        {
            if (options.ClientCertificateFile is null || options.ClientKeyFile is null)
                throw new ArgumentException("a client certificate needs both a certificate file and a key file");
#pragma warning disable CA2000 // The certificate is used by every TLS handshake of the handler, so it lives as long as the handler.
            handler.SslOptions.ClientCertificates = [LoadClientCertificate(options.ClientCertificateFile, options.ClientKeyFile)];
#pragma warning restore CA2000
        }
        return handler;
    }

    private static X509Certificate2 LoadClientCertificate(string certFile, string keyFile)
    {
        var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        // Some platforms cannot use an ephemeral PEM key in a TLS handshake; a PKCS#12 round trip gives a usable one.
        if (OperatingSystem.IsWindows())
        {
            using (pem)
                return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        return pem;
    }
}
