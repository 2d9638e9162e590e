namespace CertKit.Benchmarks;

/// <summary>
/// The fixture every comparison uses, made with CertKit's public API: a CA, a server leaf for localhost, 127.0.0.1 and ::1,
/// and the files a TLS test needs (CA certificate, leaf certificate, leaf key; WriteFiles also writes chain.pem and
/// fullchain.pem), deleted on dispose. <see cref="RawBcl.NaiveFixture"/> is the same work by hand.
/// </summary>
internal static class Fixture
{
    public static int CertKit()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate();
        var files = leaf.WriteFiles();
        return files.TrustAnchorPath.Length + files.CertificatePath.Length + files.PrivateKeyPath.Length;
    }

    /// <summary>The same fixture kept in memory: the CA's certificate, the leaf's certificate and key as PEM texts.</summary>
    public static int CertKitPem()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate();
        return ca.Certificate.CertificatePem.Length + leaf.CertificatePem.Length + leaf.PrivateKeyPem.Length;
    }
}
