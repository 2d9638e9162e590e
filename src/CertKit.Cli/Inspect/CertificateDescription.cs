using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.Cli;

/// <summary>Labelled lines describing one certificate, in the order a reader checks them when a handshake fails.</summary>
internal static class CertificateDescription
{
    public static IEnumerable<(string Label, string Value)> Describe(X509Certificate2 certificate, DateTimeOffset now)
    {
        yield return ("Subject", certificate.Subject);
        yield return ("Issuer", certificate.Issuer + (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? " (self-issued)" : ""));
        yield return ("Serial", certificate.SerialNumber);
        yield return ("Not before", Timestamp(certificate.NotBefore));
        yield return ("Not after", Timestamp(certificate.NotAfter));
        yield return ("Validity now", Validity(certificate, now));
        yield return ("Key", KeyOf(certificate));
        yield return ("Signature", certificate.SignatureAlgorithm.FriendlyName ?? certificate.SignatureAlgorithm.Value ?? "unknown");
        yield return ("Names (SAN)", Names(certificate));
        yield return ("Key usage", KeyUsage(certificate));
        yield return ("Extended key usage", ExtendedKeyUsage(certificate));
        yield return ("CA", BasicConstraints(certificate));
        yield return ("SHA-256 fingerprint", Fingerprint(certificate, HashAlgorithmName.SHA256));
        yield return ("SHA-1 fingerprint", Fingerprint(certificate, HashAlgorithmName.SHA1));
    }

    private static string Timestamp(DateTime local) => local.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Validity(X509Certificate2 certificate, DateTimeOffset now)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (now < notBefore)
        {
            return $"NOT YET VALID (starts in {Span(notBefore - now)})";
        }

        return now > notAfter ? $"EXPIRED ({Span(now - notAfter)} ago)" : $"valid (expires in {Span(notAfter - now)})";
    }

    /// <summary>
    /// A span in its two largest units, cut rather than rounded, so it never claims more time than is left: a 7-day
    /// certificate made 5 minutes ago "expires in 6 days 23 hours", not "in 6 days" (a day short) nor "in 7 days".
    /// </summary>
    private static string Span(TimeSpan span)
    {
        if (span.Ticks < TimeSpan.TicksPerMinute)
        {
            return "less than a minute";
        }

        (int Value, string Unit)[] units = span.TotalDays >= 1 ? [((int)span.TotalDays, "day"), (span.Hours, "hour")]
            : span.TotalHours >= 1 ? [(span.Hours, "hour"), (span.Minutes, "minute")]
            : [(span.Minutes, "minute")];
        return string.Join(' ', units.Where(unit => unit.Value > 0).Select(unit => unit.Value == 1 ? $"1 {unit.Unit}" : $"{unit.Value} {unit.Unit}s"));
    }

    private static string KeyOf(X509Certificate2 certificate)
    {
        using (var ecdsa = certificate.GetECDsaPublicKey())
        {
            if (ecdsa is not null)
            {
                return $"ECDSA P-{ecdsa.KeySize}";
            }
        }

        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return $"RSA {rsa.KeySize} bits";
            }
        }

        return certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown";
    }

    private static string Names(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions["2.5.29.17"];
        if (extension is null)
        {
            return "none";
        }

        try
        {
            return string.Join(", ", GeneralNames(extension.RawData));
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException or CryptographicException)
        {
            // A tool for looking at broken certificates must show the rest of one whose names are broken.
            return $"MALFORMED subject alternative name extension ({e.Message})";
        }
    }

    /// <summary>Reads GeneralNames (RFC 5280 4.2.1.6); the BCL only enumerates DNS names and IP addresses.</summary>
    private static List<string> GeneralNames(byte[] der)
    {
        var names = new List<string>();
        var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            var tag = sequence.PeekTag();
            names.Add(tag.TagClass != TagClass.ContextSpecific ? "unknown" : tag.TagValue switch
            {
                1 => "email:" + sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag),
                2 => "DNS:" + sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag),
                6 => "URI:" + sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag),
                7 => "IP:" + new IPAddress(sequence.ReadOctetString(tag)),
                0 => OtherName(sequence.ReadSequence(tag)),
                _ => Skip(sequence, $"[{tag.TagValue}]"),
            });
        }

        return names;
    }

    private static string OtherName(AsnReader otherName)
    {
        var type = otherName.ReadObjectIdentifier();
        var value = otherName.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
        return type == "1.3.6.1.4.1.311.20.2.3" && value.PeekTag().TagValue == (int)UniversalTagNumber.UTF8String
            ? "UPN:" + value.ReadCharacterString(UniversalTagNumber.UTF8String)
            : "otherName:" + type;
    }

    private static string Skip(AsnReader reader, string label)
    {
        reader.ReadEncodedValue();
        return label;
    }

    private static string KeyUsage(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        return extension is null ? "none" : $"{extension.KeyUsages}{Critical(extension)}";
    }

    private static string ExtendedKeyUsage(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (extension is null)
        {
            return "none (any purpose)";
        }

        var usages = extension.EnhancedKeyUsages.Cast<Oid>().Select(oid => oid.Value switch
        {
            "1.3.6.1.5.5.7.3.1" => "serverAuth",
            "1.3.6.1.5.5.7.3.2" => "clientAuth",
            _ => oid.FriendlyName is { Length: > 0 } name ? $"{name} ({oid.Value})" : oid.Value ?? "unknown",
        });
        return string.Join(", ", usages) + Critical(extension);
    }

    private static string BasicConstraints(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (extension is null)
        {
            return "no (no basic constraints)";
        }

        if (!extension.CertificateAuthority)
        {
            return "no" + Critical(extension);
        }

        return (extension.HasPathLengthConstraint ? $"yes, path length {extension.PathLengthConstraint}" : "yes") + Critical(extension);
    }

    private static string Critical(X509Extension extension) => extension.Critical ? " (critical)" : "";

    private static string Fingerprint(X509Certificate2 certificate, HashAlgorithmName algorithm) =>
        Convert.ToHexString(certificate.GetCertHash(algorithm)).Chunk(2).Select(pair => new string(pair)).Aggregate((a, b) => a + ":" + b);
}
