using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;

namespace CertKit.Benchmarks;

/// <summary>
/// A server leaf from an authority that already exists (CertKit's process-wide <see cref="TestCertificateAuthority.Shared"/>)
/// against the same by hand with the BCL, signing with an existing CA certificate: one key and one signature each.
/// </summary>
[MemoryDiagnoser]
public class SharedAuthorityBenchmarks
{
    private X509Certificate2 _handMadeCa = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _handMadeCa = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        _ = TestCertificateAuthority.Shared;
    }

    [GlobalCleanup]
    public void Cleanup() => _handMadeCa.Dispose();

    [Benchmark(Baseline = true)]
    public bool RawBclLeafFromExistingCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = HandMadeLeaf(key);
        using var withKey = leaf.CopyWithPrivateKey(key);
        return withKey.HasPrivateKey;
    }

    [Benchmark]
    public bool CertKitLeafFromSharedCa()
    {
        using var leaf = TestCertificateAuthority.Shared.IssueServerCertificate();
        return leaf.Certificate.HasPrivateKey;
    }

    /// <summary>The leaf a test needs as files (its certificate and key, and the CA file), by hand: written, then deleted.</summary>
    [Benchmark]
    public int RawBclLeafWithFilesFromExistingCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = HandMadeLeaf(key);
        string[] files = [Path.GetTempFileName(), Path.GetTempFileName(), Path.GetTempFileName()];
        File.WriteAllText(files[0], _handMadeCa.ExportCertificatePem());
        File.WriteAllText(files[1], leaf.ExportCertificatePem());
        File.WriteAllText(files[2], key.ExportPkcs8PrivateKeyPem());
        foreach (var file in files)
        {
            File.Delete(file);
        }

        return files.Length;
    }

    /// <summary>The same with CertKit: WriteFiles writes the leaf, its key and the CA file (and chain.pem, fullchain.pem).</summary>
    [Benchmark]
    public int CertKitLeafWithFilesFromSharedCa()
    {
        using var leaf = TestCertificateAuthority.Shared.IssueServerCertificate();
        var files = leaf.WriteFiles();
        return files.CertificatePath.Length + files.PrivateKeyPath.Length + files.TrustAnchorPath.Length;
    }

    // A server leaf for localhost signed by the hand-made CA, without its key.
    private X509Certificate2 HandMadeLeaf(ECDsa key)
    {
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_handMadeCa, true, false));
        var now = DateTimeOffset.UtcNow;
        return request.Create(_handMadeCa, now.AddMinutes(-5), now.AddDays(7), RandomNumberGenerator.GetBytes(16));
    }
}

/// <summary>
/// RSA-2048 certificates in a suite that does other work between them (here 300 ms, about what a test with a
/// handshake and some assertions takes), with and without the background key pool.
/// </summary>
[MemoryDiagnoser]
public class RsaKeyPoolBenchmarks
{
    [Benchmark(Baseline = true)]
    public bool RawBclRsa2048()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7));
        return certificate.HasPrivateKey;
    }

    [Benchmark]
    public bool CertKitRsa2048Pooled()
    {
        using var certificate = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        return certificate.Certificate.HasPrivateKey;
    }

    [IterationCleanup(Target = nameof(CertKitRsa2048Pooled))]
    public void OtherTestWork() => Thread.Sleep(300);
}

/// <summary>RSA-2048 certificates created back to back, with no other work between: the pool cannot keep up.</summary>
[MemoryDiagnoser]
public class RsaBackToBackBenchmarks
{
    [Benchmark(Baseline = true)]
    public bool RawBclRsa2048() => new RsaKeyPoolBenchmarks().RawBclRsa2048();

    [Benchmark]
    public bool CertKitRsa2048()
    {
        using var certificate = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        return certificate.Certificate.HasPrivateKey;
    }
}
