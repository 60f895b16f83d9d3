using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kit.Oci.Remote;

/// <summary>
/// <c>--tls-cert</c>: CA certificates trusted for registry TLS in addition to the system's. A certificate the system
/// trusts passes as before; one that fails only because its chain ends at an unknown root is checked again with the
/// extra certificates as roots. A wrong host name is never excused.
/// </summary>
internal static class ExtraTrust
{
    /// <summary>Every certificate of every PEM file (a file may hold a bundle).</summary>
    /// <exception cref="ArgumentException">A file is missing or holds no PEM certificate; the message names it.</exception>
    public static X509Certificate2Collection Load(IEnumerable<string> files)
    {
        var certificates = new X509Certificate2Collection();
        foreach (var file in files)
        {
            try
            {
                var before = certificates.Count;
                certificates.ImportFromPemFile(file);
                if (certificates.Count == before)
                    throw new ArgumentException($"TLS certificate file {file} holds no PEM certificate");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new ArgumentException($"cannot read TLS certificate file {file}: {e.Message}", e);
            }
        }
        return certificates;
    }

    public static RemoteCertificateValidationCallback Validator(X509Certificate2Collection roots) => (_, certificate, chain, errors) =>
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
            return false;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var intermediates = chain?.ChainElements.Skip(1).Select(e => e.Certificate).ToList() ?? [];
        // All roots at once first; then one by one, since two CAs with the same subject name can make the chain
        // builder pick the wrong issuer and give up.
        return Builds(leaf, roots, intermediates) || (roots.Count > 1 && roots.Any(r => Builds(leaf, [r], intermediates)));
    };

    private static bool Builds(X509Certificate2 leaf, IEnumerable<X509Certificate2> roots, List<X509Certificate2> intermediates)
    {
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var root in roots)
            custom.ChainPolicy.CustomTrustStore.Add(root);
        foreach (var intermediate in intermediates)
            custom.ChainPolicy.ExtraStore.Add(intermediate);
        return custom.Build(leaf);
    }
}
