using BenchmarkDotNet.Attributes;

namespace CertKit.Benchmarks;

/// <summary>CA + server leaf + the three PEM files a TLS test fixture needs, written and deleted.</summary>
[MemoryDiagnoser]
public class FixtureBenchmarks
{
    [Benchmark(Baseline = true)]
    public void NaiveRawBcl() => RawBcl.NaiveFixture(rsa: false);

    [Benchmark]
    public int CertKit()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate();
        return ca.Certificate.CertificatePemPath.Length + leaf.CertificatePemPath.Length + leaf.PrivateKeyPemPath.Length;
    }
}

/// <summary>The same fixture with RSA-2048 keys, where key generation dominates.</summary>
[MemoryDiagnoser]
public class RsaFixtureBenchmarks
{
    [Benchmark(Baseline = true)]
    public void NaiveRawBcl() => RawBcl.NaiveFixture(rsa: true);

    [Benchmark]
    public int CertKit()
    {
        using var ca = TestCertificateAuthority.Create(new CertificateAuthorityOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        using var leaf = ca.Issue(new TemporaryCertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        return ca.Certificate.CertificatePemPath.Length + leaf.CertificatePemPath.Length + leaf.PrivateKeyPemPath.Length;
    }
}
