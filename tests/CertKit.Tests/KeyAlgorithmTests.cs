using System.Net.Security;
using CertKit.Tests.Support;

namespace CertKit.Tests;

[TestClass]
public sealed class KeyAlgorithmTests
{
    public static IEnumerable<object[]> AllAlgorithms =>
    [
        [KeyAlgorithm.EcdsaP256],
        [KeyAlgorithm.EcdsaP384],
        [KeyAlgorithm.EcdsaP521],
        [KeyAlgorithm.Rsa2048],
        [KeyAlgorithm.Rsa3072],
        [KeyAlgorithm.Rsa4096],
    ];

    [TestMethod]
    [DynamicData(nameof(AllAlgorithms))]
    public async Task Create_EachKeyAlgorithm_HandshakesWhenTrustedAndIsRefusedOtherwise(KeyAlgorithm algorithm)
    {
        var options = new TemporaryCertificateOptions { KeyAlgorithm = algorithm };
        using var cert = TemporaryCertificate.Create(options);
        using var stranger = TemporaryCertificate.Create(new TemporaryCertificateOptions { KeyAlgorithm = algorithm });

        var trusted = await LoopbackTls.HandshakeAsync(cert.Certificate, trustedRoot: cert.Certificate);
        var untrusted = await LoopbackTls.HandshakeAsync(cert.Certificate, trustedRoot: stranger.Certificate);

        Assert.IsTrue(trusted.Succeeded, trusted.ToString());
        Assert.IsFalse(untrusted.Succeeded, untrusted.ToString());
        Assert.AreEqual(SslPolicyErrors.RemoteCertificateChainErrors, untrusted.PolicyErrors);
        Assert.IsTrue(untrusted.ChainStatus.HasFlag(X509ChainStatusFlags.UntrustedRoot), untrusted.ToString());
    }

    [TestMethod]
    [DynamicData(nameof(AllAlgorithms))]
    public void Create_EachKeyAlgorithm_KeyHasThatTypeAndSize(KeyAlgorithm algorithm)
    {
        using var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { KeyAlgorithm = algorithm });

        AsymmetricAlgorithm? key = algorithm.IsRsa ? cert.Certificate.GetRSAPrivateKey() : cert.Certificate.GetECDsaPrivateKey();
        using (key)
        {
            Assert.IsNotNull(key);
            Assert.AreEqual(algorithm.KeySizeInBits, key.KeySize);
        }
    }

    [TestMethod]
    [DataRow(2048)]
    [DataRow(3072)]
    [DataRow(4096)]
    public void Rsa_SupportedSize_ReturnsThatSize(int size)
    {
        Assert.AreEqual(size, KeyAlgorithm.Rsa(size).KeySizeInBits);
        Assert.IsTrue(KeyAlgorithm.Rsa(size).IsRsa);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1024)]
    [DataRow(2047)]
    [DataRow(8192)]
    public void Rsa_UnsupportedSize_ThrowsNamingTheSize(int size)
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => KeyAlgorithm.Rsa(size));

        Assert.AreEqual("keySizeInBits", e.ParamName);
        Assert.Contains($"RSA key size {size} is not supported", e.Message);
    }

    [TestMethod]
    [DataRow(256)]
    [DataRow(384)]
    [DataRow(521)]
    public void Ecdsa_SupportedSize_ReturnsThatCurve(int size)
    {
        Assert.AreEqual(size, KeyAlgorithm.Ecdsa(size).KeySizeInBits);
        Assert.IsFalse(KeyAlgorithm.Ecdsa(size).IsRsa);
    }

    [TestMethod]
    [DataRow(224)]
    [DataRow(512)]
    public void Ecdsa_UnsupportedSize_ThrowsNamingTheSize(int size)
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => KeyAlgorithm.Ecdsa(size));

        Assert.Contains($"ECDSA key size {size} is not supported", e.Message);
    }

    [TestMethod]
    public void ToString_EachAlgorithm_IsReadableName()
    {
        Assert.AreEqual("ECDSA P-256", KeyAlgorithm.EcdsaP256.ToString());
        Assert.AreEqual("RSA 3072", KeyAlgorithm.Rsa3072.ToString());
    }
}
