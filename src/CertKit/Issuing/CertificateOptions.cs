using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace CertKit;

/// <summary>
/// What to make: a certificate (<see cref="TemporaryCertificate.Create(CertificateOptions)"/>,
/// <see cref="TestCertificateAuthority.Issue(CertificateOptions)"/>) or an authority
/// (<see cref="TestCertificateAuthority.Create(CertificateOptions)"/>, <see cref="TestCertificateAuthority.CreateIntermediate(CertificateOptions)"/>).
/// Every property has a realistic default, so <c>new CertificateOptions()</c> describes a server certificate that strict
/// verifiers accept for <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>.
/// </summary>
/// <remarks>
/// <para>
/// The options are read and validated once, when the certificate is made; changing them afterwards changes nothing
/// already made. An invalid value gives an <see cref="ArgumentException"/> that names it, and nothing is made.
/// </para>
/// <para>
/// Under an authority, a property left unset takes the authority's value: its <see cref="TimeProvider"/>, its
/// <see cref="Logger"/>, its <see cref="KeyAlgorithm"/> and its <see cref="RevocationResponder"/>.
/// </para>
/// <para>
/// Fixed choices, not options, chosen to pass strict verifiers (OpenSSL <c>-x509_strict</c>): the signature hash pairs with
/// the issuer's key (SHA-256 for P-256 and RSA, SHA-384 for P-384, SHA-512 for P-521; RSA with PKCS#1 v1.5 padding);
/// basic constraints are critical; the key usage is critical (digitalSignature, plus keyEncipherment for RSA leaves,
/// keyCertSign and cRLSign for authorities); subject and authority key identifiers are present; the serial number is
/// 16 random octets, positive; dates before 2050 are UTCTime.
/// </para>
/// </remarks>
public sealed class CertificateOptions
{
    /// <summary>What the certificate is for. Authorities have no purpose: leave it unset for them.</summary>
    /// <value><see langword="null"/>, which means <see cref="CertificatePurpose.Server"/> for a certificate.</value>
    public CertificatePurpose? Purpose { get; set; }

    /// <summary>The names written to the subject alternative name extension.</summary>
    /// <remarks>
    /// Each entry is a DNS name (<c>api.test</c>), a wildcard DNS name (<c>*.api.test</c>), an IPv4 or IPv6 address,
    /// an email address (<c>alice@example.test</c>), a URI (<c>spiffe://example.test/billing</c>) or a user principal
    /// name (<c>upn:alice@example.test</c>). Internationalised DNS names are stored as punycode; duplicates are ignored.
    /// A server certificate needs at least one DNS name or IP address: that is all a TLS client matches.
    /// </remarks>
    /// <value>Empty, which means <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c> for a server certificate, and no names for a client certificate or an authority.</value>
    public IList<string> SubjectAlternativeNames { get; } = [];

    /// <summary>The subject's common name (CN). TLS clients match host names against <see cref="SubjectAlternativeNames"/> only.</summary>
    /// <value>
    /// <see langword="null"/>, which means the first subject alternative name (or <c>CertKit Client</c> without one) for a certificate,
    /// and <c>CertKit Test Root CA &lt;8 random hex digits&gt;</c> or <c>CertKit Test Intermediate CA &lt;8 random hex digits&gt;</c>
    /// for an authority: unique, so that two authorities never look alike to a chain builder unless a test wants them to.
    /// </value>
    public string? CommonName { get; set; }

    /// <summary>The subject's organization (O).</summary>
    /// <value><see langword="null"/>, which means <c>CertKit</c>.</value>
    public string? Organization { get; set; }

    /// <summary>The subject's organizational unit (OU).</summary>
    /// <value><see langword="null"/>, which means none.</value>
    public string? OrganizationalUnit { get; set; }

    /// <summary>The kind and size of the new key pair. Ignored when <see cref="Key"/> is set.</summary>
    /// <value><see langword="null"/>, which means the issuing authority's algorithm, or <see cref="KeyAlgorithm.EcdsaP256"/> when self-signed.</value>
    public KeyAlgorithm? KeyAlgorithm { get; set; }

    /// <summary>
    /// A key pair you made (<see cref="ECDsa"/> or <see cref="RSA"/>), to certify instead of a new one: for code under test
    /// that makes its own key. CertKit takes a copy; you still own and dispose yours.
    /// </summary>
    /// <value><see langword="null"/>, which means a new key of <see cref="KeyAlgorithm"/>.</value>
    public AsymmetricAlgorithm? Key { get; set; }

    /// <summary>The first instant the certificate is valid. Under an authority, it must not be before the authority's own.</summary>
    /// <value>
    /// <see langword="null"/>, which means 5 minutes before the current time of <see cref="TimeProvider"/> (so that a peer
    /// whose clock runs slightly behind still accepts it), and not before the issuer's <c>NotBefore</c>.
    /// </value>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>The last instant the certificate is valid. Under an authority, it must not be after the authority's own.</summary>
    /// <remarks>Short by default on purpose: a test certificate should never outlive the test run by much.</remarks>
    /// <value>
    /// <see langword="null"/>, which means the effective <see cref="NotBefore"/> plus 7 days for a certificate and 30 days for an
    /// authority, cut to the issuer's <c>NotAfter</c> (logged when cut).
    /// </value>
    public DateTimeOffset? NotAfter { get; set; }

    /// <summary>
    /// The hash the issuer signs with. Set it only to make a certificate a correct peer must refuse (<see cref="HashAlgorithmName.SHA1"/>).
    /// </summary>
    /// <value><see langword="null"/>, which means the hash paired with the issuer's key: SHA-256 for P-256 and RSA, SHA-384 for P-384, SHA-512 for P-521.</value>
    public HashAlgorithmName? SignatureHashAlgorithm { get; set; }

    /// <summary>
    /// Extensions to write as they are, after CertKit's own; one with the OID of an extension CertKit writes (key usage,
    /// extended key usage, basic constraints...) replaces it. For certificates a correct peer must refuse, such as one with an
    /// unknown critical extension, or an authority whose key usage forbids signing handshakes.
    /// </summary>
    /// <value>Empty.</value>
    public IList<X509Extension> Extensions { get; } = [];

    /// <summary>Authorities only: how many intermediates may follow this one (basic constraints path length). Must not be negative.</summary>
    /// <value><see langword="null"/>, which means no limit.</value>
    public int? PathLengthConstraint { get; set; }

    /// <summary>Authorities only: the DNS subtrees it may issue for (name constraints); clients that honour them refuse other names.</summary>
    /// <value>Empty, which means no permitted-subtree constraint.</value>
    public IList<string> PermittedDnsNames { get; } = [];

    /// <summary>Authorities only: the DNS subtrees it must not issue for (name constraints).</summary>
    /// <value>Empty, which means no excluded-subtree constraint.</value>
    public IList<string> ExcludedDnsNames { get; } = [];

    /// <summary>
    /// Authorities only: a responder that publishes the authority's CRL and answers OCSP for it. Every certificate the authority
    /// issues then carries the responder's CRL distribution point and OCSP URLs, and its <see cref="TestCertificateAuthority.Trust"/>
    /// checks revocation online.
    /// </summary>
    /// <value><see langword="null"/>, which means the issuing authority's responder, or none for a root.</value>
    public RevocationResponder? RevocationResponder { get; set; }

    /// <summary>The clock that decides the default validity period.</summary>
    /// <remarks>Pass a fake clock (such as <c>FakeTimeProvider</c> from Microsoft.Extensions.TimeProvider.Testing) to make certificates in the past or the future.</remarks>
    /// <value><see langword="null"/>, which means the issuing authority's clock, or <see cref="System.TimeProvider.System"/> when self-signed.</value>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Where CertKit logs the creation, files and disposal of what these options make.</summary>
    /// <value><see langword="null"/>, which means the issuing authority's logger, or <c>NullLogger.Instance</c> (nothing) when self-signed.</value>
    public ILogger? Logger { get; set; }

    internal static CertificateOptions ForNames(string[] subjectAlternativeNames, CertificatePurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(subjectAlternativeNames);
        var options = new CertificateOptions { Purpose = purpose };
        foreach (var name in subjectAlternativeNames)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(subjectAlternativeNames));
            options.SubjectAlternativeNames.Add(name);
        }

        return options;
    }
}
