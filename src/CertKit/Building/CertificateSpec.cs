using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace CertKit.Building;

/// <summary>
/// The options, read once, checked, and with every default filled in. Nothing downstream looks at the
/// user's options object again, so later changes to it cannot leak into a certificate being made.
/// </summary>
[SuppressMessage("Usage", "CA2208", Justification = "Validation errors name the option property the user set, not this method's parameter.")]
internal sealed record CertificateSpec(
    IReadOnlyList<SubjectAlternativeName> Names,
    X500DistinguishedName Subject,
    KeyAlgorithm KeyAlgorithm,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    X509KeyUsageFlags KeyUsage,
    IReadOnlyList<Oid> ExtendedKeyUsages,
    ILogger Logger)
{
    public static CertificateSpec From(TemporaryCertificateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keyAlgorithm = options.KeyAlgorithm
            ?? throw new ArgumentNullException(nameof(options), "TemporaryCertificateOptions.KeyAlgorithm is null; leave it unset for ECDSA P-256.");
        var timeProvider = options.TimeProvider
            ?? throw new ArgumentNullException(nameof(options), "TemporaryCertificateOptions.TimeProvider is null; leave it unset for TimeProvider.System.");
        var logger = options.Logger
            ?? throw new ArgumentNullException(nameof(options), "TemporaryCertificateOptions.Logger is null; leave it unset for NullLogger.");

        var names = ParseNames(options.SubjectAlternativeNames);
        var (notBefore, notAfter) = ValidityPeriod(options, timeProvider);

        return new CertificateSpec(
            names,
            ParseSubject(options.Subject, names[0]),
            keyAlgorithm,
            notBefore,
            notAfter,
            KeyUsageFor(options.KeyUsage, keyAlgorithm),
            ExtendedKeyUsagesFor(options.ExtendedKeyUsages),
            logger);
    }

    private static List<SubjectAlternativeName> ParseNames(IList<string> given)
    {
        ArgumentNullException.ThrowIfNull(given, nameof(TemporaryCertificateOptions.SubjectAlternativeNames));
        IEnumerable<string> raw = given.Count == 0 ? Defaults.SubjectAlternativeNames : given;
        return raw
            .Select(name => SubjectAlternativeName.Parse(name, nameof(TemporaryCertificateOptions.SubjectAlternativeNames)))
            .Distinct()
            .ToList();
    }

    private static X500DistinguishedName ParseSubject(string? subject, SubjectAlternativeName firstName)
    {
        if (subject is null)
        {
            var builder = new X500DistinguishedNameBuilder();
            builder.AddCommonName(firstName.ToString());
            builder.AddOrganizationName(Defaults.Organization);
            return builder.Build();
        }

        try
        {
            if (string.IsNullOrWhiteSpace(subject))
            {
                throw new CryptographicException("it is empty");
            }

            return new X500DistinguishedName(subject);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException(
                $"Subject '{subject}' is not a distinguished name like 'CN=My Server, O=Contoso'.",
                nameof(TemporaryCertificateOptions.Subject),
                e);
        }
    }

    private static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) ValidityPeriod(
        TemporaryCertificateOptions options,
        TimeProvider timeProvider)
    {
        if (options.Lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(TemporaryCertificateOptions.Lifetime),
                options.Lifetime,
                $"Lifetime {options.Lifetime} must be positive.");
        }

        if (options.ClockSkewAllowance < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(TemporaryCertificateOptions.ClockSkewAllowance),
                options.ClockSkewAllowance,
                $"ClockSkewAllowance {options.ClockSkewAllowance} must not be negative.");
        }

        // X.509 stores whole seconds; truncating here makes the certificate say exactly what the spec says.
        var notBefore = TruncateToSeconds(options.NotBefore ?? timeProvider.GetUtcNow() - options.ClockSkewAllowance);
        var notAfter = TruncateToSeconds(options.NotAfter ?? notBefore + options.Lifetime);
        if (notAfter <= notBefore)
        {
            throw new ArgumentOutOfRangeException(
                nameof(TemporaryCertificateOptions.NotAfter),
                notAfter,
                $"NotAfter {notAfter:O} must be later than NotBefore {notBefore:O}.");
        }

        return (notBefore, notAfter);
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private static X509KeyUsageFlags KeyUsageFor(X509KeyUsageFlags? requested, KeyAlgorithm keyAlgorithm) =>
        requested ?? (keyAlgorithm.IsRsa
            ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
            : X509KeyUsageFlags.DigitalSignature);

    private static List<Oid> ExtendedKeyUsagesFor(IList<Oid> given)
    {
        ArgumentNullException.ThrowIfNull(given, nameof(TemporaryCertificateOptions.ExtendedKeyUsages));
        if (given.Count == 0)
        {
            return [new Oid(Defaults.ServerAuthenticationOid)];
        }

        foreach (var oid in given)
        {
            if (string.IsNullOrWhiteSpace(oid?.Value))
            {
                throw new ArgumentException(
                    $"Extended key usage '{oid?.FriendlyName}' has no OID value; use an OID like {Defaults.ServerAuthenticationOid}.",
                    nameof(TemporaryCertificateOptions.ExtendedKeyUsages));
            }
        }

        return given.Select(oid => new Oid(oid.Value!)).ToList();
    }
}
