using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CertKit;

/// <summary>
/// What a <see cref="TestCertificateAuthority"/> (root or intermediate) is made of. Every property has a realistic default.
/// </summary>
/// <remarks>Read and validated once, when the authority is created.</remarks>
public sealed class CertificateAuthorityOptions
{
    /// <summary>The subject distinguished name.</summary>
    /// <value>
    /// <see langword="null"/>, which means <c>CN=CertKit Test Root CA &lt;8 random hex digits&gt;, O=CertKit</c> for a root and
    /// <c>CN=CertKit Test Intermediate CA &lt;8 random hex digits&gt;, O=CertKit</c> for an intermediate: unique, so two
    /// authorities never look alike to a chain builder unless a test wants them to.
    /// </value>
    public string? Subject { get; set; }

    /// <summary>The kind and size of the authority's key pair. Certificates it issues may use another algorithm.</summary>
    /// <value><see cref="KeyAlgorithm.EcdsaP256"/>.</value>
    public KeyAlgorithm KeyAlgorithm { get; set; } = KeyAlgorithm.EcdsaP256;

    /// <summary>The first instant the authority's certificate is valid.</summary>
    /// <value><see langword="null"/>, which means <see cref="ClockSkewAllowance"/> before the current time of <see cref="TimeProvider"/>.</value>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>The last instant the authority's certificate is valid. An intermediate never outlives its issuer.</summary>
    /// <value><see langword="null"/>, which means the effective <see cref="NotBefore"/> plus <see cref="Lifetime"/>, cut to the issuer's own <c>NotAfter</c>.</value>
    public DateTimeOffset? NotAfter { get; set; }

    /// <summary>How long the authority is valid when <see cref="NotAfter"/> is not set. Must be positive.</summary>
    /// <value>30 days: longer than the certificates it issues by default (7 days).</value>
    public TimeSpan Lifetime { get; set; } = Defaults.AuthorityLifetime;

    /// <summary>How far before the current time <see cref="NotBefore"/> is set when it is not given. Must not be negative.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan ClockSkewAllowance { get; set; } = Defaults.ClockSkewAllowance;

    /// <summary>The basic constraints path length: how many intermediates may follow this authority. Must not be negative.</summary>
    /// <value><see langword="null"/>, which means no limit.</value>
    public int? PathLengthConstraint { get; set; }

    /// <summary>DNS subtrees the authority may issue for (name constraints); a name outside them is refused by clients that honour name constraints.</summary>
    /// <value>Empty, which means no permitted-subtree constraint.</value>
    public IList<string> PermittedDnsNames { get; } = [];

    /// <summary>DNS subtrees the authority must not issue for (name constraints).</summary>
    /// <value>Empty, which means no excluded-subtree constraint.</value>
    public IList<string> ExcludedDnsNames { get; } = [];

    /// <summary>
    /// A responder that publishes this authority's CRL and answers OCSP for it. When set, every certificate the authority
    /// issues carries the responder's CRL distribution point and OCSP URLs, intermediates use it too, and the authority's
    /// trust wiring checks revocation online.
    /// </summary>
    /// <value><see langword="null"/>, which means no revocation endpoints and no revocation checks.</value>
    public RevocationResponder? RevocationResponder { get; set; }

    /// <summary>The clock that decides the default validity period, for the authority and for what it issues with default options.</summary>
    /// <value><see cref="System.TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the authority logs, and the default logger of the certificates it issues.</summary>
    /// <value><see cref="NullLogger.Instance"/>, which logs nothing.</value>
    public ILogger Logger { get; set; } = NullLogger.Instance;
}
