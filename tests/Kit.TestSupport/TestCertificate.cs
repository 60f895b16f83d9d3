using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kit.TestSupport;

/// <summary>
/// A self-signed ECDSA P-256 server certificate for 127.0.0.1 and localhost (SANs, because Go clients ignore the CN),
/// written as PEM; clients trust exactly this certificate.
/// </summary>
public sealed class TestCertificate
{
    private TestCertificate(X509Certificate2 certificate, string certPath, string keyPath, string certDirectory)
    {
        Certificate = certificate;
        CertPath = certPath;
        KeyPath = keyPath;
        CertDirectory = certDirectory;
    }

    public X509Certificate2 Certificate { get; }
    public string CertPath { get; }
    public string KeyPath { get; }

    /// <summary>A folder holding only <c>ca.crt</c>, for skopeo's <c>--cert-dir</c>.</summary>
    public string CertDirectory { get; }

    public static TestCertificate Create(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        var certPath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        var certDirectory = Path.Combine(directory, "certs.d");
        Directory.CreateDirectory(certDirectory);
        File.Copy(certPath, Path.Combine(certDirectory, "ca.crt"));
        return new TestCertificate(X509CertificateLoader.LoadCertificate(certificate.RawData), certPath, keyPath, certDirectory);
    }

    /// <summary>True when the server presented this very certificate (compared by SHA-256).</summary>
    public bool Matches(X509Certificate? presented) =>
        presented is not null && presented.GetCertHash(HashAlgorithmName.SHA256).AsSpan()
            .SequenceEqual(Certificate.GetCertHash(HashAlgorithmName.SHA256));
}
