using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertKit.Logging;
using Microsoft.Extensions.Logging;

namespace CertKit.Building;

/// <summary>Checks of option values; each error names the bad value and the property it came from.</summary>
[SuppressMessage("Usage", "CA2208", Justification = "Validation errors name the option property the user set, not this method's parameter.")]
internal static class OptionValidation
{
    /// <summary>The names given, parsed, in order, without repeats; none given means <paramref name="defaults"/>.</summary>
    public static IReadOnlyList<SubjectAlternativeName> ParseNames(IList<string> given, IReadOnlyList<SubjectAlternativeName> defaults)
    {
        ArgumentNullException.ThrowIfNull(given, nameof(CertificateOptions.SubjectAlternativeNames));
        if (given.Count == 0)
        {
            return defaults;
        }

        var names = new List<SubjectAlternativeName>(given.Count);
        foreach (var name in given)
        {
            var parsed = name is null
                ? throw new ArgumentNullException(nameof(CertificateOptions.SubjectAlternativeNames), "A subject alternative name is null.")
                : SubjectAlternativeName.Parse(name, nameof(CertificateOptions.SubjectAlternativeNames));
            if (!names.Contains(parsed))
            {
                names.Add(parsed);
            }
        }

        return names;
    }

    public static void RequirePurpose(CertificatePurpose purpose)
    {
        if (!Enum.IsDefined(purpose))
        {
            throw new ArgumentOutOfRangeException(nameof(CertificateOptions.Purpose), purpose, $"Purpose {(int)purpose} is not a CertificatePurpose.");
        }
    }

    /// <summary>A TLS client matches only DNS names and IP addresses: a server certificate with neither can never be accepted.</summary>
    public static void RequireHostName(IReadOnlyList<SubjectAlternativeName> names)
    {
        if (names.Any(n => n.Kind is SubjectAlternativeNameKind.Dns or SubjectAlternativeNameKind.IPAddress))
        {
            return;
        }

        var first = names[0];
        var hint = first.Kind == SubjectAlternativeNameKind.Uri ? $" ('{new Uri(first.Value).Host}')" : string.Empty;
        throw new ArgumentException(
            $"A server certificate needs a DNS name or an IP address, which is all a TLS client matches; '{first}' is {Describe(first.Kind)}. "
            + $"Pass the host name{hint}, or make a client certificate (Purpose = CertificatePurpose.Client).",
            nameof(CertificateOptions.SubjectAlternativeNames));
    }

    public static void RefuseAuthorityOnly(CertificateOptions options)
    {
        var set = options.PathLengthConstraint is not null ? nameof(CertificateOptions.PathLengthConstraint)
            : options.PermittedDnsNames.Count > 0 ? nameof(CertificateOptions.PermittedDnsNames)
            : options.ExcludedDnsNames.Count > 0 ? nameof(CertificateOptions.ExcludedDnsNames)
            : options.RevocationResponder is not null ? nameof(CertificateOptions.RevocationResponder)
            : null;
        if (set is not null)
        {
            throw new ArgumentException(
                $"{set} applies to authorities only; use it with TestCertificateAuthority.Create or CreateIntermediate.", set);
        }
    }

    public static X500DistinguishedName Subject(string commonName, string organization, string? organizationalUnit)
    {
        RequireText(commonName, nameof(CertificateOptions.CommonName));
        RequireText(organization, nameof(CertificateOptions.Organization));
        // The builder encodes in reverse order of addition: this gives O, OU, CN in the DER, most significant first as
        // CAs write it, and "CN=..., OU=..., O=..." when .NET prints it.
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        if (organizationalUnit is not null)
        {
            RequireText(organizationalUnit, nameof(CertificateOptions.OrganizationalUnit));
            builder.AddOrganizationalUnitName(organizationalUnit);
        }

        builder.AddOrganizationName(organization);
        return builder.Build();
    }

    public static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) ValidityPeriod(
        CertificateOptions options, TimeSpan defaultLifetime, TimeProvider timeProvider, IssuerContext? issuer, ILogger logger)
    {
        // X.509 stores whole seconds; truncating here makes the certificate say exactly what the spec says.
        DateTimeOffset notBefore;
        if (options.NotBefore is { } given)
        {
            notBefore = TruncateToSeconds(given);
            if (issuer is not null && notBefore < issuer.NotBefore)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(CertificateOptions.NotBefore),
                    given,
                    $"NotBefore {notBefore:O} is earlier than the issuing authority's NotBefore {issuer.NotBefore:O}; a certificate cannot start before its issuer. "
                    + "Make the authority earlier (its own NotBefore, or a fake TimeProvider).");
            }
        }
        else
        {
            notBefore = TruncateToSeconds(Shift(timeProvider.GetUtcNow(), -Defaults.ClockSkewAllowance, nameof(CertificateOptions.TimeProvider)));
            if (issuer is not null && notBefore < issuer.NotBefore)
            {
                notBefore = issuer.NotBefore;
            }
        }

        var notAfter = TruncateToSeconds(options.NotAfter ?? Shift(notBefore, defaultLifetime, nameof(CertificateOptions.NotBefore)));
        if (issuer is not null && notAfter > issuer.NotAfter)
        {
            if (options.NotAfter is not null)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(CertificateOptions.NotAfter),
                    options.NotAfter,
                    $"NotAfter {notAfter:O} is later than the issuing authority's NotAfter {issuer.NotAfter:O}; a certificate cannot outlive its issuer.");
            }

            Log.ValidityShortened(logger, notAfter, issuer.NotAfter, issuer.Name);
            notAfter = issuer.NotAfter;
        }

        if (notAfter <= notBefore)
        {
            var property = options.NotAfter is not null || issuer is null ? nameof(CertificateOptions.NotAfter) : nameof(CertificateOptions.NotBefore);
            throw new ArgumentOutOfRangeException(
                property,
                property == nameof(CertificateOptions.NotAfter) ? notAfter : notBefore,
                issuer is not null && options.NotAfter is null
                    ? $"The issuing authority {issuer.Name} is valid only until {issuer.NotAfter:O}: a certificate starting at {notBefore:O} cannot fit "
                      + "under it. Use an authority that is still valid, or a TimeProvider set within its validity."
                    : $"NotAfter {notAfter:O} must be later than NotBefore {notBefore:O}.");
        }

        return (notBefore, notAfter);
    }

    public static AuthorityConstraints AuthorityConstraints(CertificateOptions options)
    {
        if (options.PathLengthConstraint is < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(CertificateOptions.PathLengthConstraint),
                options.PathLengthConstraint,
                $"PathLengthConstraint {options.PathLengthConstraint} must not be negative.");
        }

        return new AuthorityConstraints(
            options.PathLengthConstraint,
            DnsSubtrees(options.PermittedDnsNames, nameof(CertificateOptions.PermittedDnsNames)),
            DnsSubtrees(options.ExcludedDnsNames, nameof(CertificateOptions.ExcludedDnsNames)));
    }

    public static List<X509Extension> Extensions(IList<X509Extension> given)
    {
        ArgumentNullException.ThrowIfNull(given, nameof(CertificateOptions.Extensions));
        var copies = new List<X509Extension>();
        foreach (var extension in given)
        {
            ArgumentNullException.ThrowIfNull(extension, nameof(CertificateOptions.Extensions));
            var oid = extension.Oid?.Value;
            if (string.IsNullOrWhiteSpace(oid))
            {
                throw new ArgumentException("An extension has no OID; make it with new X509Extension(new Oid(\"1.2.3.4\"), value, critical).", nameof(CertificateOptions.Extensions));
            }

            if (copies.Any(c => c.Oid!.Value == oid))
            {
                throw new ArgumentException($"Extension {oid} is given twice; a certificate holds each extension once.", nameof(CertificateOptions.Extensions));
            }

            copies.Add(new X509Extension(new Oid(oid), extension.RawData, extension.Critical));
        }

        return copies;
    }

    private static void RequireText(string value, string optionName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{optionName} '{value}' is empty; leave it null for the default.", optionName);
        }
    }

    private static string Describe(SubjectAlternativeNameKind kind) => kind switch
    {
        SubjectAlternativeNameKind.Uri => "a URI",
        SubjectAlternativeNameKind.Email => "an email address",
        _ => "a user principal name",
    };

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
            throw new ArgumentOutOfRangeException(optionName, start, $"{optionName} {start:O} plus {by} falls outside the years 1-9999.");
        }
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
