using BenchmarkDotNet.Attributes;

namespace CertKit.Benchmarks;

/// <summary>
/// CA + server leaf + the three PEM files a TLS test fixture needs (CA certificate, leaf certificate, leaf key), written and
/// deleted. CertKit's <see cref="TemporaryCertificate.WriteFiles"/> writes those three (trust-anchor.pem is the CA's
/// certificate) and also chain.pem and fullchain.pem, in one call.
/// </summary>
[MemoryDiagnoser]
public class FixtureBenchmarks
{
    [Benchmark(Baseline = true)]
    public void NaiveRawBcl() => RawBcl.NaiveFixture(rsa: false);

    [Benchmark]
    public int CertKit() => Fixture.CertKit();
}

/// <summary>The same fixture without files: the three PEM texts in memory, for code that takes PEM strings.</summary>
[MemoryDiagnoser]
public class InMemoryFixtureBenchmarks
{
    [Benchmark(Baseline = true)]
    public int NaiveRawBcl()
    {
        var (caPem, leafPem, keyPem) = RawBcl.NaiveFixturePem(rsa: false);
        return caPem.Length + leafPem.Length + keyPem.Length;
    }

    [Benchmark]
    public int CertKit() => Fixture.CertKitPem();
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
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        using var leaf = ca.Issue(new CertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        var files = leaf.WriteFiles();
        return files.TrustAnchorPath.Length + files.CertificatePath.Length + files.PrivateKeyPath.Length;
    }
}
