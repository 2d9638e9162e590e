namespace CertKit;

/// <summary>
/// The PEM files of a <see cref="TemporaryCertificate"/>, written by <see cref="TemporaryCertificate.WriteFiles()"/> into the
/// process's owner-only (0700) directory under a file-name prefix of the certificate's own (or by
/// <see cref="TemporaryCertificate.WriteFiles(string, string?)"/> into a new directory of their own, under the plain names), and
/// deleted when the certificate is disposed. Every file ends with a newline, so files can be concatenated.
/// </summary>
public sealed class CertificateFiles
{
    internal CertificateFiles(string directory, string certificatePath, string privateKeyPath, string chainPath, string fullChainPath, string trustAnchorPath)
    {
        Directory = directory;
        CertificatePath = certificatePath;
        PrivateKeyPath = privateKeyPath;
        ChainPath = chainPath;
        FullChainPath = fullChainPath;
        TrustAnchorPath = trustAnchorPath;
    }

    /// <summary>
    /// The directory that holds the files, owner-only (0700). From <see cref="TemporaryCertificate.WriteFiles()"/>: the process's
    /// directory under the system temp directory, shared with its other certificates' files and removed when the process exits.
    /// From <see cref="TemporaryCertificate.WriteFiles(string, string?)"/>: a directory of this certificate's files alone.
    /// </summary>
    public string Directory { get; }

    /// <summary><c>certificate.pem</c> (after the prefix): the certificate alone.</summary>
    public string CertificatePath { get; }

    /// <summary><c>private-key.pem</c>: the private key as unencrypted PKCS#8, owner-only (0600) from the moment it is created.</summary>
    public string PrivateKeyPath { get; }

    /// <summary>
    /// <c>chain.pem</c>: the certificate, then its intermediates: what a server sends (nginx <c>ssl_certificate</c>,
    /// Go <c>tls.LoadX509KeyPair</c>, Python <c>load_cert_chain</c>).
    /// </summary>
    public string ChainPath { get; }

    /// <summary><c>fullchain.pem</c>: the certificate, its intermediates and its trust anchor.</summary>
    public string FullChainPath { get; }

    /// <summary><c>trust-anchor.pem</c>: the root a client trusts (<c>SSL_CERT_FILE</c>, <c>--cacert</c>, <c>cafile</c>).</summary>
    public string TrustAnchorPath { get; }

}
