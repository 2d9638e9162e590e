using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.Building;

/// <summary>Checks of option values shared by certificates and authorities; each error names the bad value.</summary>
[SuppressMessage("Usage", "CA2208", Justification = "Validation errors name the option property the user set, not this method's parameter.")]
internal static class OptionValidation
{
    public static List<SubjectAlternativeName> ParseNames(IList<string> given, IReadOnlyList<string> defaults)
    {
        ArgumentNullException.ThrowIfNull(given, nameof(TemporaryCertificateOptions.SubjectAlternativeNames));
        IEnumerable<string> raw = given.Count == 0 ? defaults : given;
        return raw
            .Select(name => SubjectAlternativeName.Parse(name, nameof(TemporaryCertificateOptions.SubjectAlternativeNames)))
            .Distinct()
            .ToList();
    }

    public static X500DistinguishedName DefaultLeafSubject(IReadOnlyList<SubjectAlternativeName> names)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(names.Count > 0 ? names[0].ToString() : "CertKit");
        builder.AddOrganizationName(Defaults.Organization);
        return builder.Build();
    }

    public static X500DistinguishedName ParseSubject(string? subject, Func<X500DistinguishedName> defaultSubject)
    {
        if (subject is null)
        {
            return defaultSubject();
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

    public static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) ValidityPeriod(
        DateTimeOffset? notBefore, DateTimeOffset? notAfter, TimeSpan lifetime, TimeSpan clockSkewAllowance, TimeProvider timeProvider)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(TemporaryCertificateOptions.Lifetime), lifetime, $"Lifetime {lifetime} must be positive.");
        }

        if (clockSkewAllowance < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(TemporaryCertificateOptions.ClockSkewAllowance),
                clockSkewAllowance,
                $"ClockSkewAllowance {clockSkewAllowance} must not be negative.");
        }

        // X.509 stores whole seconds; truncating here makes the certificate say exactly what the spec says.
        var effectiveNotBefore = TruncateToSeconds(notBefore ?? Shift(timeProvider.GetUtcNow(), -clockSkewAllowance, nameof(TemporaryCertificateOptions.ClockSkewAllowance)));
        var effectiveNotAfter = TruncateToSeconds(notAfter ?? Shift(effectiveNotBefore, lifetime, nameof(TemporaryCertificateOptions.Lifetime)));
        if (effectiveNotAfter <= effectiveNotBefore)
        {
            throw new ArgumentOutOfRangeException(
                nameof(TemporaryCertificateOptions.NotAfter),
                effectiveNotAfter,
                $"NotAfter {effectiveNotAfter:O} must be later than NotBefore {effectiveNotBefore:O}.");
        }

        return (effectiveNotBefore, effectiveNotAfter);
    }

    public static X509KeyUsageFlags KeyUsage(X509KeyUsageFlags? requested, KeyAlgorithm keyAlgorithm)
    {
        if (requested == X509KeyUsageFlags.None)
        {
            // RFC 5280 4.2.1.3: when the extension is present, at least one bit must be set.
            throw new ArgumentOutOfRangeException(
                nameof(TemporaryCertificateOptions.KeyUsage), requested, "KeyUsage None is not valid; set at least one usage, or leave it null for the default.");
        }

        return requested ?? DefaultLeafKeyUsage(keyAlgorithm);
    }

    public static X509KeyUsageFlags DefaultLeafKeyUsage(KeyAlgorithm keyAlgorithm) => keyAlgorithm.IsRsa
        ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
        : X509KeyUsageFlags.DigitalSignature;

    public static List<Oid> ExtendedKeyUsages(IList<Oid> given, IReadOnlyList<string> defaults)
    {
        ArgumentNullException.ThrowIfNull(given, nameof(TemporaryCertificateOptions.ExtendedKeyUsages));
        if (given.Count == 0)
        {
            return defaults.Select(oid => new Oid(oid)).ToList();
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

    public static AuthorityConstraints AuthorityConstraints(CertificateAuthorityOptions options)
    {
        if (options.PathLengthConstraint is < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(CertificateAuthorityOptions.PathLengthConstraint),
                options.PathLengthConstraint,
                $"PathLengthConstraint {options.PathLengthConstraint} must not be negative.");
        }

        return new AuthorityConstraints(
            options.PathLengthConstraint,
            DnsSubtrees(options.PermittedDnsNames, nameof(CertificateAuthorityOptions.PermittedDnsNames)),
            DnsSubtrees(options.ExcludedDnsNames, nameof(CertificateAuthorityOptions.ExcludedDnsNames)));
    }

    private static List<string> DnsSubtrees(IList<string> given, string optionName)
    {
        ArgumentNullException.ThrowIfNull(given, optionName);
        return given.Select(name =>
        {
            var parsed = SubjectAlternativeName.Parse(name, optionName);
            if (parsed.Kind != SubjectAlternativeNameKind.Dns || parsed.Value.Contains('*', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Name constraint '{name}' must be a DNS name without wildcard, like example.test.", optionName);
            }

            return parsed.Value;
        }).ToList();
    }

    private static DateTimeOffset Shift(DateTimeOffset start, TimeSpan by, string optionName)
    {
        try
        {
            return start + by;
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ArgumentOutOfRangeException(optionName, by, $"{optionName} {by} moves the validity period out of the years 1-9999.");
        }
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
