using System.Net.Security;
using CertKit.Building;
using CertKit.Tests.Support;

namespace CertKit.Tests.Authority;

[TestClass]
public sealed class SharedAuthorityAndKeyPoolTests
{
    [TestMethod]
    public async Task Shared_IssuedLeaf_HandshakesAndDisposeDoesNothing()
    {
        var shared = TestCertificateAuthority.Shared;
        shared.Dispose();
        shared.Certificate.Dispose(); // the shared authority's certificate is protected too
        using var leaf = shared.IssueServerCertificate("localhost");
        using var stranger = TestCertificateAuthority.Create();

        var (trusted, _) = await TlsPair.RunAsync(shared.Trust.CreateServerOptions(leaf), shared.Trust.CreateClientOptions("localhost"));
        var (refused, _) = await TlsPair.RunAsync(shared.Trust.CreateServerOptions(leaf), stranger.Trust.CreateClientOptions("localhost"));

        Assert.AreSame(shared, TestCertificateAuthority.Shared);
        Assert.IsTrue(trusted.Succeeded, trusted.ToString());
        Assert.AreEqual(SslPolicyErrors.RemoteCertificateChainErrors, refused.PolicyErrors);
    }

    [TestMethod]
    public async Task RsaKeyPool_AfterTwoRequests_RefillsInBackgroundAndNeverHandsOutAKeyTwice()
    {
        Assert.IsTrue(RsaKeyPool.Enabled, "the pool is on unless switched off");
        var options = new CertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa3072 };
        using var first = TemporaryCertificate.Create(options);
        using var second = TemporaryCertificate.Create(options); // a pool starts on the second request for a size

        // Generous bound on a background fill; the test asserts the fill happens, not how fast.
        for (var i = 0; i < 600 && RsaKeyPool.Ready(3072) < RsaKeyPool.Capacity; i++)
        {
            await Task.Delay(100);
        }

        Assert.AreEqual(RsaKeyPool.Capacity, RsaKeyPool.Ready(3072));
        var certificates = Enumerable.Range(0, RsaKeyPool.Capacity + 2).Select(_ => TemporaryCertificate.Create(options)).Append(first).Append(second).ToList();
        try
        {
            var keys = certificates.Select(c => Convert.ToHexString(c.Certificate.PublicKey.EncodedKeyValue.RawData)).ToList();
            Assert.HasCount(keys.Count, keys.Distinct(), "each pooled key is used once");
            Assert.IsTrue(certificates.All(c => c.Certificate.GetRSAPrivateKey()!.KeySize == 3072));
        }
        finally
        {
            certificates.ForEach(c => c.Dispose());
        }
    }
}
