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

    [Benchmark]
    public int CertKitWithFiles()
    {
        using var certificate = TemporaryCertificate.Create();
        return File.ReadAllText(certificate.CertificatePemPath).Length
            + File.ReadAllText(certificate.PrivateKeyPemPath).Length
            + File.ReadAllBytes(certificate.PfxPath).Length;
    }
}
