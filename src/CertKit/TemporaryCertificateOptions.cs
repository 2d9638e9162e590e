using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CertKit;

/// <summary>
/// What a <see cref="TemporaryCertificate"/> is made of. Every property has a realistic default, so
/// <c>new TemporaryCertificateOptions()</c> describes a certificate that strict verifiers accept for
/// <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>.
/// </summary>
/// <remarks>
/// <para>
/// The options are read and validated once, by <see cref="TemporaryCertificate.Create(TemporaryCertificateOptions)"/>;
/// changing them afterwards does not change a certificate already made.
/// </para>
/// <para>
/// Fixed choices, not options, chosen to pass strict verifiers (OpenSSL <c>-x509_strict</c>): signatures use SHA-256
/// (RSA with PKCS#1 v1.5 padding); basic constraints are critical and say CA:FALSE; the subject and authority key
/// identifiers are present; the serial number is 16 random octets, positive; dates before 2050 are encoded as
/// UTCTime; PFX output uses PBES2 with AES-256-CBC and SHA-256; the key and PFX files are created with mode 0600
/// in a 0700 directory.
/// </para>
/// </remarks>
public sealed class TemporaryCertificateOptions
{
    /// <summary>The names the certificate is valid for, written to its subject alternative name extension.</summary>
    /// <remarks>
    /// Each entry is a DNS name (<c>api.test</c>), a wildcard DNS name (<c>*.api.test</c>, leftmost label only,
    /// with at least two labels after it), an IPv4 address in dotted-quad form (<c>10.1.2.3</c>) or an IPv6
    /// address (<c>::1</c>). Internationalised names are stored in their ASCII (punycode) form.
    /// Duplicates are ignored. An empty or malformed entry makes
    /// <see cref="TemporaryCertificate.Create(TemporaryCertificateOptions)"/> throw an <see cref="ArgumentException"/>
    /// that names it.
    /// </remarks>
    /// <value>Empty, which means <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>.</value>
    public IList<string> SubjectAlternativeNames { get; } = [];

    /// <summary>The subject distinguished name, such as <c>CN=My Server, O=Contoso</c>.</summary>
    /// <remarks>TLS clients match host names against the subject alternative names only, never the subject.</remarks>
    /// <value><see langword="null"/>, which means <c>CN=</c> the first subject alternative name, <c>O=CertKit</c>.</value>
    public string? Subject { get; set; }

    /// <summary>The kind and size of the key pair.</summary>
    /// <value><see cref="KeyAlgorithm.EcdsaP256"/>.</value>
    public KeyAlgorithm KeyAlgorithm { get; set; } = KeyAlgorithm.EcdsaP256;

    /// <summary>The first instant the certificate is valid.</summary>
    /// <value>
    /// <see langword="null"/>, which means <see cref="ClockSkewAllowance"/> before the current time of <see cref="TimeProvider"/>,
    /// so a peer whose clock runs slightly behind still accepts the certificate.
    /// </value>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>The last instant the certificate is valid. Must be later than the effective <see cref="NotBefore"/>.</summary>
    /// <value><see langword="null"/>, which means the effective <see cref="NotBefore"/> plus <see cref="Lifetime"/>.</value>
    public DateTimeOffset? NotAfter { get; set; }

    /// <summary>How long the certificate is valid when <see cref="NotAfter"/> is not set. Must be positive.</summary>
    /// <remarks>Short on purpose: a test certificate should never outlive the test run by much.</remarks>
    /// <value>7 days.</value>
    public TimeSpan Lifetime { get; set; } = Defaults.Lifetime;

    /// <summary>How far before the current time <see cref="NotBefore"/> is set when it is not given. Must not be negative.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan ClockSkewAllowance { get; set; } = Defaults.ClockSkewAllowance;

    /// <summary>The key usage extension, always marked critical.</summary>
    /// <value>
    /// <see langword="null"/>, which means <see cref="X509KeyUsageFlags.DigitalSignature"/> for ECDSA keys and
    /// <see cref="X509KeyUsageFlags.DigitalSignature"/> | <see cref="X509KeyUsageFlags.KeyEncipherment"/> for RSA keys
    /// (TLS 1.2 RSA key exchange needs key encipherment).
    /// </value>
    public X509KeyUsageFlags? KeyUsage { get; set; }

    /// <summary>The extended key usage purposes, as OIDs such as <c>1.3.6.1.5.5.7.3.1</c> (server authentication).</summary>
    /// <value>Empty, which means server authentication (<c>1.3.6.1.5.5.7.3.1</c>) only.</value>
    public IList<Oid> ExtendedKeyUsages { get; } = [];

    /// <summary>The clock that decides the default validity period.</summary>
    /// <remarks>Pass a fake clock (such as <c>FakeTimeProvider</c>) to make a certificate that is already expired or not yet valid.</remarks>
    /// <value><see cref="System.TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the certificate logs its creation, its files and its disposal.</summary>
    /// <value><see cref="NullLogger.Instance"/>, which logs nothing.</value>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    internal static TemporaryCertificateOptions ForNames(string[] subjectAlternativeNames)
    {
        ArgumentNullException.ThrowIfNull(subjectAlternativeNames);
        var options = new TemporaryCertificateOptions();
        foreach (var name in subjectAlternativeNames)
        {
            options.SubjectAlternativeNames.Add(name);
        }

        return options;
    }
}
