using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kit.Cli.Tests.Registry;

public class LibtrustTests
{
    [Fact]
    public void Base32_matches_rfc4648_vectors()
    {
        Assert.Equal("", Libtrust.Base32(""u8));
        Assert.Equal("MY", Libtrust.Base32("f"u8));
        Assert.Equal("MZXW6", Libtrust.Base32("foo"u8));
        Assert.Equal("MZXW6YTBOI", Libtrust.Base32("foobar"u8));
    }

    [Fact]
    public void Key_id_matches_the_openssl_pipeline_of_the_testbed()
    {
        using var key = RSA.Create(2048);
        var dir = Directory.CreateTempSubdirectory("kit-kid-").FullName;
        try
        {
            var request = new CertificateRequest("CN=kid", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
            var pem = Path.Combine(dir, "signer.pem");
            File.WriteAllText(pem, certificate.ExportCertificatePem());
            var script = $"openssl x509 -in '{pem}' -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256 -binary | head -c 30 | base32 -w0 | tr -d '=' | fold -w4 | paste -sd: -";
            var start = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", script }, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var expected = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0 && expected.Length == 59, $"openssl pipeline failed: {process.StandardError.ReadToEnd()}");
            Assert.Equal(expected, Libtrust.KeyId(key.ExportSubjectPublicKeyInfo()));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
