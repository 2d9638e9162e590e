using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace CertKit.Building;

/// <summary>What makes a certificate a CA: its path length limit and its DNS name constraints.</summary>
internal sealed record AuthorityConstraints(int? PathLength, IReadOnlyList<string> PermittedDnsNames, IReadOnlyList<string> ExcludedDnsNames);

/// <summary>
/// The options, read once, checked, and with every default filled in. Nothing downstream looks at the
/// user's options object again, so later changes to it cannot leak into a certificate being made.
/// </summary>
/// <remarks>
/// Empty <c>Names</c> or <c>ExtendedKeyUsages</c> mean no such extension (CA certificates);
/// a null <c>Authority</c> means an end-entity certificate.
/// </remarks>
internal sealed record CertificateSpec(
    IReadOnlyList<SubjectAlternativeName> Names,
    X500DistinguishedName Subject,
    KeyAlgorithm KeyAlgorithm,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    X509KeyUsageFlags KeyUsage,
    IReadOnlyList<Oid> ExtendedKeyUsages,
    AuthorityConstraints? Authority,
    TimeProvider TimeProvider,
    ILogger Logger)
{
    /// <summary>The signature hash. Only the catalogue of broken certificates changes it (to SHA-1).</summary>
    public HashAlgorithmName Hash { get; init; } = Defaults.HashAlgorithm;

    /// <summary>The CRL distribution point and OCSP URLs to write, when the issuer publishes revocation.</summary>
    public (Uri Crl, Uri Ocsp)? RevocationEndpoints { get; init; }

    public static CertificateSpec From(TemporaryCertificateOptions options) =>
        From(options, Defaults.SubjectAlternativeNames, [Defaults.ServerAuthenticationOid]);

    /// <summary>A leaf certificate; <paramref name="defaultNames"/> and <paramref name="defaultUsages"/> apply when the options leave them empty.</summary>
    public static CertificateSpec From(TemporaryCertificateOptions options, IReadOnlyList<string> defaultNames, IReadOnlyList<string> defaultUsages)
    {
        ArgumentNullException.ThrowIfNull(options);
        var common = Common.Read(options.KeyAlgorithm, options.TimeProvider, options.Logger, nameof(TemporaryCertificateOptions));
        var names = OptionValidation.ParseNames(options.SubjectAlternativeNames, defaultNames);
        var (notBefore, notAfter) = OptionValidation.ValidityPeriod(
            options.NotBefore, options.NotAfter, options.Lifetime, options.ClockSkewAllowance, common.TimeProvider);

        return new CertificateSpec(
            names,
            OptionValidation.ParseSubject(options.Subject, () => OptionValidation.DefaultLeafSubject(names)),
            common.KeyAlgorithm,
            notBefore,
            notAfter,
            OptionValidation.KeyUsage(options.KeyUsage, common.KeyAlgorithm),
            OptionValidation.ExtendedKeyUsages(options.ExtendedKeyUsages, defaultUsages),
            Authority: null,
            common.TimeProvider,
            common.Logger);
    }

    public static CertificateSpec From(CertificateAuthorityOptions options, string defaultSubject)
    {
        ArgumentNullException.ThrowIfNull(options);
        var common = Common.Read(options.KeyAlgorithm, options.TimeProvider, options.Logger, nameof(CertificateAuthorityOptions));
        var (notBefore, notAfter) = OptionValidation.ValidityPeriod(
            options.NotBefore, options.NotAfter, options.Lifetime, options.ClockSkewAllowance, common.TimeProvider);

        return new CertificateSpec(
            Names: [],
            OptionValidation.ParseSubject(options.Subject, () => new X500DistinguishedName(defaultSubject)),
            common.KeyAlgorithm,
            notBefore,
            notAfter,
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature,
            ExtendedKeyUsages: [],
            OptionValidation.AuthorityConstraints(options),
            common.TimeProvider,
            common.Logger);
    }

    private sealed record Common(KeyAlgorithm KeyAlgorithm, TimeProvider TimeProvider, ILogger Logger)
    {
        [SuppressMessage("Usage", "CA2208", Justification = "The message names the option property the user set.")]
        public static Common Read(KeyAlgorithm? keyAlgorithm, TimeProvider? timeProvider, ILogger? logger, string optionsType) => new(
            keyAlgorithm ?? throw new ArgumentNullException("options", $"{optionsType}.KeyAlgorithm is null; leave it unset for ECDSA P-256."),
            timeProvider ?? throw new ArgumentNullException("options", $"{optionsType}.TimeProvider is null; leave it unset for TimeProvider.System."),
            logger ?? throw new ArgumentNullException("options", $"{optionsType}.Logger is null; leave it unset for NullLogger."));
    }
}
