using CertKit.Tests.Support;

namespace CertKit.Tests.Authority;

[TestClass]
public sealed class ChainFilesTests
{
    [TestMethod]
    public void WriteFiles_ChainOfThree_HoldLeafIntermediateAndRootInOrder()
    {
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate();

        var files = leaf.WriteFiles();
        var chain = ReadPem(files.ChainPath);
        var fullChain = ReadPem(files.FullChainPath);
        var anchor = ReadPem(files.TrustAnchorPath);

        CollectionAssert.AreEqual(new[] { leaf.Certificate.Thumbprint, intermediate.Certificate.Certificate.Thumbprint }, chain);
        CollectionAssert.AreEqual(
            new[] { leaf.Certificate.Thumbprint, intermediate.Certificate.Certificate.Thumbprint, root.Certificate.Certificate.Thumbprint },
            fullChain);
        CollectionAssert.AreEqual(new[] { root.Certificate.Certificate.Thumbprint }, anchor);
    }

    [TestMethod]
    public void ChainPem_ChainOfThree_HoldsLeafIntermediateAndRootInOrderLikeTheFiles()
    {
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate();

        var chain = ReadPemText(leaf.ChainPem);
        var fullChain = ReadPemText(leaf.FullChainPem);
        var files = leaf.WriteFiles();

        CollectionAssert.AreEqual(new[] { leaf.Certificate.Thumbprint, intermediate.Certificate.Certificate.Thumbprint }, chain);
        CollectionAssert.AreEqual(
            new[] { leaf.Certificate.Thumbprint, intermediate.Certificate.Certificate.Thumbprint, root.Certificate.Certificate.Thumbprint },
            fullChain);
        Assert.AreEqual(leaf.ChainPem, File.ReadAllText(files.ChainPath));
        Assert.AreEqual(leaf.FullChainPem, File.ReadAllText(files.FullChainPath));
    }

    [TestMethod]
    public void WriteFiles_SelfSigned_ChainFilesAreTheCertificateItself()
    {
        using var cert = TemporaryCertificate.Create();

        var files = cert.WriteFiles();

        Assert.HasCount(1, ReadPem(files.ChainPath));
        Assert.HasCount(1, ReadPem(files.FullChainPath));
        Assert.AreEqual(cert.Certificate.Thumbprint, ReadPem(files.TrustAnchorPath).Single());
        Assert.AreEqual(cert.CertificatePem, cert.ChainPem);
        Assert.AreEqual(cert.CertificatePem, cert.FullChainPem);
    }

    [TestMethod]
    public void WritePfxFile_IssuedUnderIntermediate_HoldsLeafWithKeyAndIntermediate()
    {
        using var root = TestCertificateAuthority.Create();
        var intermediate = root.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate();

        var collection = X509CertificateLoader.LoadPkcs12CollectionFromFile(leaf.WritePfxFile("chain-password"), "chain-password");
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
        var files = leaf.WriteFiles();

        var accepted = await OpenSsl.RunAsync(
            ["verify", "-x509_strict", "-purpose", "sslserver", "-verify_hostname", "localhost",
             "-CAfile", files.TrustAnchorPath, "-untrusted", files.ChainPath, files.CertificatePath]);
        var refused = await OpenSsl.RunAsync(["verify", "-x509_strict", "-CAfile", files.TrustAnchorPath, files.CertificatePath]);

        Assert.AreEqual(0, accepted.ExitCode, accepted.Output);
        Assert.AreNotEqual(0, refused.ExitCode, refused.Output);
        StringAssert.Contains(refused.Output, "unable to get local issuer certificate");
    }

    [TestMethod]
    public async Task OpenSslVerify_ClientCertificate_AcceptedForSslClientPurposeOnly()
    {
        using var root = TestCertificateAuthority.Create();
        using var alice = root.IssueClientCertificate("alice", "alice@example.test");
        var files = alice.WriteFiles();

        var asClient = await OpenSsl.RunAsync(["verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", files.TrustAnchorPath, files.CertificatePath]);
        var asServer = await OpenSsl.RunAsync(["verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", files.TrustAnchorPath, files.CertificatePath]);

        Assert.AreEqual(0, asClient.ExitCode, asClient.Output);
        Assert.AreNotEqual(0, asServer.ExitCode, asServer.Output);
        StringAssert.Contains(asServer.Output, "unsuitable certificate purpose");
    }

    private static string[] ReadPem(string path) => ReadPemText(File.ReadAllText(path));

    private static string[] ReadPemText(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        var thumbprints = collection.Select(c => c.Thumbprint).ToArray();
        foreach (var certificate in collection)
        {
            certificate.Dispose();
        }

        return thumbprints;
    }
}
