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
        var options = new CertificateOptions { KeyAlgorithm = algorithm };
        using var cert = TemporaryCertificate.Create(options);
        using var stranger = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = algorithm });

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
        using var cert = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = algorithm });

        AsymmetricAlgorithm? key = algorithm.IsRsa ? cert.Certificate.GetRSAPrivateKey() : cert.Certificate.GetECDsaPrivateKey();
        using (key)
        {
            Assert.IsNotNull(key);
            Assert.AreEqual(SizeOf(algorithm), key.KeySize);
        }
    }

    [TestMethod]
    [DataRow("RSA", 2048)]
    [DataRow("RSA", 3072)]
    [DataRow("RSA", 4096)]
    [DataRow("ECDSA", 256)]
    [DataRow("ECDSA", 384)]
    [DataRow("ECDSA", 521)]
    public void Create_GivenKeyOfSupportedSize_CertifiesThatKeyAsTheMatchingAlgorithm(string kind, int size)
    {
        // KeyAlgorithm.Rsa(int) and Ecdsa(int) are gone: a size is one of the six statics, or a key of your own (Key).
        using var given = kind == "RSA" ? (AsymmetricAlgorithm)RSA.Create(size) : ECDsa.Create(Curve(size));

        using var cert = TemporaryCertificate.Create(new CertificateOptions { Key = given });

        CollectionAssert.AreEqual(given.ExportSubjectPublicKeyInfo(), cert.Certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.AreEqual($"{kind} {(kind == "RSA" ? size.ToString(System.Globalization.CultureInfo.InvariantCulture) : "P-" + size)}", cert.Spec.KeyAlgorithm.ToString());
        Assert.AreEqual(kind == "RSA", cert.Spec.KeyAlgorithm.IsRsa);
        Assert.AreEqual(size, SizeOf(cert.Spec.KeyAlgorithm));
    }

    [TestMethod]
    public void Create_GivenRsa1024Key_AcceptedAsTheWeakKeyItIs()
    {
        // CertKit never makes an RSA key under 2048 bits itself; one you give it is certified as it is (for weak-key tests).
        using var given = RSA.Create(1024);

        using var cert = TemporaryCertificate.Create(new CertificateOptions { Key = given });

        Assert.AreEqual("RSA 1024", cert.Spec.KeyAlgorithm.ToString());
        Assert.AreEqual(1024, cert.Certificate.GetRSAPublicKey()!.KeySize);
    }

    [TestMethod]
    public void Create_GivenEcdsaKeyOnNonNistCurve_ThrowsNamingKey()
    {
        using var given = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);

        var e = Assert.ThrowsExactly<ArgumentException>(() => TemporaryCertificate.Create(new CertificateOptions { Key = given }));

        Assert.AreEqual(nameof(CertificateOptions.Key), e.ParamName);
        Assert.Contains("not on a NIST curve", e.Message);
    }

    [TestMethod]
    public async Task Create_GivenKeyDisposedByItsOwner_CertificateKeepsItsCopyAndHandshakes()
    {
        var given = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = TemporaryCertificate.Create(new CertificateOptions { Key = given, KeyAlgorithm = KeyAlgorithm.Rsa4096 });

        given.Dispose();
        var outcome = await LoopbackTls.HandshakeAsync(cert.Certificate, trustedRoot: cert.Certificate);

        Assert.IsTrue(outcome.Succeeded, outcome.ToString());
        Assert.IsNotNull(cert.Certificate.GetECDsaPrivateKey(), "Key wins over KeyAlgorithm");
    }

    [TestMethod]
    public void ToString_EachAlgorithm_IsReadableName()
    {
        Assert.AreEqual("ECDSA P-256", KeyAlgorithm.EcdsaP256.ToString());
        Assert.AreEqual("RSA 3072", KeyAlgorithm.Rsa3072.ToString());
        CollectionAssert.AreEqual(
            new[] { "ECDSA P-256", "ECDSA P-384", "ECDSA P-521", "RSA 2048", "RSA 3072", "RSA 4096" },
            AllAlgorithms.Select(row => row[0].ToString()).ToArray());
    }

    private static int SizeOf(KeyAlgorithm algorithm) => algorithm.ToString() switch
    {
        "ECDSA P-256" => 256,
        "ECDSA P-384" => 384,
        "ECDSA P-521" => 521,
        var rsa => int.Parse(rsa["RSA ".Length..], System.Globalization.CultureInfo.InvariantCulture),
    };

    private static ECCurve Curve(int size) => size switch
    {
        256 => ECCurve.NamedCurves.nistP256,
        384 => ECCurve.NamedCurves.nistP384,
        _ => ECCurve.NamedCurves.nistP521,
    };
}
