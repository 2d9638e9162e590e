using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.Benchmarks;

/// <summary>
/// What a careful developer writes by hand with the BCL, without CertKit: the baselines every benchmark is a ratio of.
/// "Naive" follows the usual examples: CreateSelfSigned for the CA, Create(issuerCertificate, ...) for the leaf,
/// Path.GetTempFileName and File.WriteAllText for the files.
/// </summary>
internal static class RawBcl
{
    public static X509Certificate2 SelfSignedServer()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        AddServerExtensions(request);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(7));
    }

    /// <summary>CA + server leaf + the three PEM files a fixture needs (CA cert, leaf cert, leaf key), written then deleted.</summary>
    public static void NaiveFixture(bool rsa)
    {
        var (caPem, leafPem, keyPem) = NaiveFixturePem(rsa);
        string[] files = [Path.GetTempFileName(), Path.GetTempFileName(), Path.GetTempFileName()];
        File.WriteAllText(files[0], caPem);
        File.WriteAllText(files[1], leafPem);
        File.WriteAllText(files[2], keyPem);
        foreach (var file in files)
        {
            File.Delete(file);
        }
    }

    /// <summary>The same CA + server leaf, kept in memory: the three PEM texts.</summary>
    public static (string CaPem, string LeafPem, string KeyPem) NaiveFixturePem(bool rsa)
    {
        using AsymmetricAlgorithm caKey = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = NewRequest("CN=Test CA", caKey);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));

        using AsymmetricAlgorithm leafKey = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = NewRequest("CN=localhost", leafKey);
        AddServerExtensions(leafRequest);
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var leaf = leafRequest.Create(ca, now.AddMinutes(-5), now.AddDays(7), serial);
        return (ca.ExportCertificatePem(), leaf.ExportCertificatePem(), leafKey.ExportPkcs8PrivateKeyPem());
    }

    private static CertificateRequest NewRequest(string subject, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256),
        _ => throw new NotSupportedException(),
    };

    private static void AddServerExtensions(CertificateRequest request)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }
}
