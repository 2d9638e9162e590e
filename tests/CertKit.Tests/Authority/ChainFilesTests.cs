using CertKit.Tests.Support;

namespace CertKit.Tests.Authority;

[TestClass]
public sealed class ChainFilesTests
{
    [TestMethod]
    public void ChainFiles_ChainOfThree_HoldLeafIntermediateAndRootInOrder()
    {
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate();

        var chain = ReadPem(leaf.ChainPemPath);
        var fullChain = ReadPem(leaf.FullChainPemPath);
        var anchor = ReadPem(leaf.TrustAnchorPemPath);

        CollectionAssert.AreEqual(new[] { leaf.Certificate.Thumbprint, intermediate.Certificate.Certificate.Thumbprint }, chain);
        CollectionAssert.AreEqual(
            new[] { leaf.Certificate.Thumbprint, intermediate.Certificate.Certificate.Thumbprint, root.Certificate.Certificate.Thumbprint },
            fullChain);
        CollectionAssert.AreEqual(new[] { root.Certificate.Certificate.Thumbprint }, anchor);
    }

    [TestMethod]
    public void ChainFiles_SelfSigned_AreTheCertificateItself()
    {
        using var cert = TemporaryCertificate.Create();

        Assert.HasCount(1, ReadPem(cert.ChainPemPath));
        Assert.HasCount(1, ReadPem(cert.FullChainPemPath));
        Assert.AreEqual(cert.Certificate.Thumbprint, ReadPem(cert.TrustAnchorPemPath).Single());
    }

    [TestMethod]
    public void Pfx_IssuedUnderIntermediate_HoldsLeafWithKeyAndIntermediate()
    {
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate();

        var collection = X509CertificateLoader.LoadPkcs12CollectionFromFile(leaf.PfxPath, leaf.PfxPassword);
        try
        {
            Assert.HasCount(2, collection);
            Assert.IsTrue(collection.Single(c => c.Thumbprint == leaf.Certificate.Thumbprint).HasPrivateKey);
            Assert.IsTrue(collection.Any(c => c.Thumbprint == intermediate.Certificate.Certificate.Thumbprint && !c.HasPrivateKey));
        }
        finally
        {
            foreach (var certificate in collection)
            {
                certificate.Dispose();
            }
        }
    }

    [TestMethod]
    public async Task OpenSslVerify_ChainOfThreeWithIntermediates_AcceptsAndWithout_Refuses()
    {
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate("localhost");

        var accepted = await OpenSsl.RunAsync(
            ["verify", "-x509_strict", "-purpose", "sslserver", "-verify_hostname", "localhost",
             "-CAfile", leaf.TrustAnchorPemPath, "-untrusted", leaf.ChainPemPath, leaf.CertificatePemPath]);
        var refused = await OpenSsl.RunAsync(["verify", "-x509_strict", "-CAfile", leaf.TrustAnchorPemPath, leaf.CertificatePemPath]);

        Assert.AreEqual(0, accepted.ExitCode, accepted.Output);
        Assert.AreNotEqual(0, refused.ExitCode, refused.Output);
        StringAssert.Contains(refused.Output, "unable to get local issuer certificate");
    }

    [TestMethod]
    public async Task OpenSslVerify_ClientCertificate_AcceptedForSslClientPurposeOnly()
    {
        using var root = TestCertificateAuthority.Create();
        using var alice = root.IssueClientCertificate("alice", "alice@example.test");

        var asClient = await OpenSsl.RunAsync(["verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", alice.TrustAnchorPemPath, alice.CertificatePemPath]);
        var asServer = await OpenSsl.RunAsync(["verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", alice.TrustAnchorPemPath, alice.CertificatePemPath]);

        Assert.AreEqual(0, asClient.ExitCode, asClient.Output);
        Assert.AreNotEqual(0, asServer.ExitCode, asServer.Output);
        StringAssert.Contains(asServer.Output, "unsuitable certificate purpose");
    }

    private static string[] ReadPem(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        var thumbprints = collection.Select(c => c.Thumbprint).ToArray();
        foreach (var certificate in collection)
        {
            certificate.Dispose();
        }

        return thumbprints;
    }
}
