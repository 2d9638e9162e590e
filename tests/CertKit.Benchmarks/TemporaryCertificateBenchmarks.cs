using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;

namespace CertKit.Benchmarks;

/// <summary>A self-signed server certificate with its key: by hand, and with CertKit with and without its files.</summary>
[MemoryDiagnoser]
public class TemporaryCertificateBenchmarks
{
    [Benchmark(Baseline = true)]
    public bool RawBclByHand()
    {
        using var certificate = RawBcl.SelfSignedServer();
        return certificate.HasPrivateKey;
    }

    [Benchmark]
    public bool CertKitInMemory()
    {
        using var certificate = TemporaryCertificate.Create();
        return certificate.Certificate.HasPrivateKey;
    }

    /// <summary>
    /// What <see cref="CertKitWithFiles"/> reads, by hand: certificate PEM, key PEM and PFX written, read and deleted.
    /// (CertKit's <see cref="TemporaryCertificate.WriteFiles"/> also writes chain.pem, fullchain.pem and trust-anchor.pem.)
    /// </summary>
    [Benchmark]
    public int RawBclWithFiles()
    {
        using var certificate = RawBcl.SelfSignedServer();
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        using var key = certificate.GetECDsaPrivateKey()!;
        string[] files = [Path.GetTempFileName(), Path.GetTempFileName(), Path.GetTempFileName()];
        File.WriteAllText(files[0], certificate.ExportCertificatePem());
        File.WriteAllText(files[1], key.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(files[2], certificate.ExportPkcs12(System.Security.Cryptography.X509Certificates.Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        var length = File.ReadAllText(files[0]).Length + File.ReadAllText(files[1]).Length + File.ReadAllBytes(files[2]).Length;
        foreach (var file in files)
        {
            File.Delete(file);
        }

        return length;
    }

    [Benchmark]
    public int CertKitWithFiles()
    {
        using var certificate = TemporaryCertificate.Create();
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var files = certificate.WriteFiles();
        return File.ReadAllText(files.CertificatePath).Length
            + File.ReadAllText(files.PrivateKeyPath).Length
            + File.ReadAllBytes(certificate.WritePfxFile(password)).Length;
    }
}
