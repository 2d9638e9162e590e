using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CertKit.Building;

/// <summary>What makes a certificate a CA: its path length limit and its DNS name constraints.</summary>
internal sealed record AuthorityConstraints(int? PathLength, IReadOnlyList<string> PermittedDnsNames, IReadOnlyList<string> ExcludedDnsNames);

/// <summary>What an issuing authority hands down to what it makes, unless the options say otherwise.</summary>
internal sealed record IssuerContext(
    TimeProvider TimeProvider, ILogger Logger, KeyAlgorithm KeyAlgorithm, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Name);

/// <summary>
/// The options, read once, checked, and with every default filled in. Nothing downstream looks at the
/// user's options object again, so later changes to it cannot leak into a certificate being made.
/// </summary>
/// <remarks>
/// Empty <c>Names</c> or <c>ExtendedKeyUsages</c> mean no such extension; a null <c>Authority</c> means an end-entity
/// certificate; a null <c>Hash</c> means the hash paired with the signing key.
/// </remarks>
internal sealed record CertificateSpec(
    IReadOnlyList<SubjectAlternativeName> Names,
    X500DistinguishedName Subject,
    KeyAlgorithm KeyAlgorithm,
    AsymmetricAlgorithm? GivenKey,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    X509KeyUsageFlags KeyUsage,
    IReadOnlyList<string> ExtendedKeyUsages,
    AuthorityConstraints? Authority,
    HashAlgorithmName? Hash,
    TimeProvider TimeProvider,
    ILogger Logger)
{
    /// <summary>The caller's extensions, copied, each replacing one of CertKit's with the same OID.</summary>
    public IReadOnlyList<X509Extension> Extensions { get; init; } = [];

    /// <summary>The CRL distribution point and OCSP URLs to write, when the issuer publishes revocation.</summary>
    public (Uri Crl, Uri Ocsp)? RevocationEndpoints { get; init; }

    /// <summary>A certificate: self-signed when <paramref name="issuer"/> is <see langword="null"/>.</summary>
    public static CertificateSpec ForCertificate(CertificateOptions options, IssuerContext? issuer)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionValidation.RefuseAuthorityOnly(options);
        var purpose = options.Purpose ?? CertificatePurpose.Server;
        OptionValidation.RequirePurpose(purpose);
        var names = OptionValidation.ParseNames(options.SubjectAlternativeNames, purpose == CertificatePurpose.Client ? [] : SubjectAlternativeName.Defaults);
        if (purpose != CertificatePurpose.Client)
        {
            OptionValidation.RequireHostName(names);
        }

        var defaultCommonName = names.Count > 0 ? names[0].ToString() : Defaults.ClientCommonName;
        return Read(options, issuer, names, defaultCommonName, Defaults.Lifetime, authority: null, Defaults.ExtendedKeyUsages(purpose));
    }

    /// <summary>An authority: a root when <paramref name="issuer"/> is <see langword="null"/>, an intermediate otherwise.</summary>
    [SuppressMessage("Usage", "CA2208", Justification = "The message names the option property the user set.")]
    public static CertificateSpec ForAuthority(CertificateOptions options, IssuerContext? issuer)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Purpose is { } purpose)
        {
            throw new ArgumentException(
                $"Purpose {purpose} applies to certificates, not authorities; leave it unset for an authority.", nameof(CertificateOptions.Purpose));
        }

        var names = OptionValidation.ParseNames(options.SubjectAlternativeNames, []);
        var kind = issuer is null ? "Root" : "Intermediate";
        var defaultCommonName = $"CertKit Test {kind} CA {Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}";
        return Read(options, issuer, names, defaultCommonName, Defaults.AuthorityLifetime, OptionValidation.AuthorityConstraints(options), []);
    }

    [SuppressMessage("Usage", "CA2208", Justification = "The message names the option property the user set.")]
    private static CertificateSpec Read(
        CertificateOptions options,
        IssuerContext? issuer,
        IReadOnlyList<SubjectAlternativeName> names,
        string defaultCommonName,
        TimeSpan defaultLifetime,
        AuthorityConstraints? authority,
        IReadOnlyList<string> extendedKeyUsages)
    {
        var timeProvider = options.TimeProvider ?? issuer?.TimeProvider ?? TimeProvider.System;
        var logger = options.Logger ?? issuer?.Logger ?? NullLogger.Instance;
        var keyAlgorithm = options.Key is { } key
            ? KeyAlgorithm.Of(key, nameof(CertificateOptions.Key))
            : options.KeyAlgorithm ?? issuer?.KeyAlgorithm ?? KeyAlgorithm.EcdsaP256;
        var subject = OptionValidation.Subject(options.CommonName ?? defaultCommonName, options.Organization ?? Defaults.Organization, options.OrganizationalUnit);
        var (notBefore, notAfter) = OptionValidation.ValidityPeriod(options, defaultLifetime, timeProvider, issuer, logger);
        var keyUsage = authority is not null
            ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature
            : keyAlgorithm.IsRsa ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.DigitalSignature;

        return new CertificateSpec(
            names, subject, keyAlgorithm, options.Key, notBefore, notAfter, keyUsage, extendedKeyUsages, authority,
            options.SignatureHashAlgorithm, timeProvider, logger)
        {
            Extensions = OptionValidation.Extensions(options.Extensions),
        };
    }
}
