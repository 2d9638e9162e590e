using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.Building;

/// <summary>
/// Signs what a <see cref="CertificateRequest"/> describes and keeps the certificate as DER. The request stays the
/// definition of the certificate's content (subject, public key, extensions, hash); this class only writes the
/// TBSCertificate as <see cref="CertificateRequest.Create(X500DistinguishedName, X509SignatureGenerator, DateTimeOffset, DateTimeOffset, ReadOnlySpan{byte})"/>
/// writes it, byte for byte (pinned by CertificateEncoderTests for every kind of certificate CertKit makes).
/// </summary>
/// <remarks>
/// Why: <c>CertificateRequest.Create</c> returns an <see cref="X509Certificate2"/>, and decoding the new certificate into one
/// costs more than signing it. A fixture that only writes PEM files never needs that object, so CertKit makes it on first use.
/// </remarks>
internal static class CertificateEncoder
{
    /// <summary>The signed certificate in DER, and its serial number as the DER INTEGER's content octets.</summary>
    /// <param name="request">What the certificate contains.</param>
    /// <param name="issuerName">The issuer's subject name.</param>
    /// <param name="generator">Signs with the issuer's key.</param>
    /// <param name="signatureAlgorithm">The generator's AlgorithmIdentifier for the request's hash, if already known.</param>
    /// <param name="notBefore">The start of validity.</param>
    /// <param name="notAfter">The end of validity.</param>
    /// <param name="serialNumber">An unsigned big-endian serial number.</param>
    public static (byte[] Der, byte[] Serial) Sign(
        CertificateRequest request,
        X500DistinguishedName issuerName,
        X509SignatureGenerator generator,
        byte[]? signatureAlgorithm,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        ReadOnlySpan<byte> serialNumber)
    {
        signatureAlgorithm ??= generator.GetSignatureAlgorithmIdentifier(request.HashAlgorithm);
        var serial = NormalizeSerialNumber(serialNumber);
        var tbs = EncodeTbs(request, issuerName, signatureAlgorithm, notBefore, notAfter, serial);
        var signature = generator.SignData(tbs, request.HashAlgorithm);

        var writer = new AsnWriter(AsnEncodingRules.DER, initialCapacity: tbs.Length + signatureAlgorithm.Length + signature.Length + 16);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(tbs);
            writer.WriteEncodedValue(signatureAlgorithm);
            writer.WriteBitString(signature);
        }

        return (writer.Encode(), serial);
    }

    /// <summary>The TBSCertificate (RFC 5280, 4.1) of a version 3 certificate, as <c>CertificateRequest.Create</c> encodes it.</summary>
    /// <remarks>The serial comes normalised (the INTEGER's content octets, never empty): <see cref="Sign"/> checks it.</remarks>
    /// <exception cref="ArgumentException"><paramref name="notAfter"/> is before <paramref name="notBefore"/>.</exception>
    /// <exception cref="InvalidOperationException">Two extensions have the same OID.</exception>
    private static byte[] EncodeTbs(
        CertificateRequest request, X500DistinguishedName issuerName, ReadOnlySpan<byte> signatureAlgorithm, DateTimeOffset notBefore, DateTimeOffset notAfter, ReadOnlySpan<byte> serial)
    {
        if (notAfter < notBefore)
        {
            throw new ArgumentException($"NotAfter {notAfter:O} is before NotBefore {notBefore:O}.", nameof(notAfter));
        }

        var writer = new AsnWriter(AsnEncodingRules.DER, initialCapacity: 1024);
        using (writer.PushSequence())
        {
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                writer.WriteInteger(2); // v3
            }

            writer.WriteInteger(serial); // already the INTEGER's content octets
            writer.WriteEncodedValue(signatureAlgorithm);
            writer.WriteEncodedValue(issuerName.RawData);
            using (writer.PushSequence())
            {
                WriteTime(writer, notBefore);
                WriteTime(writer, notAfter);
            }

            writer.WriteEncodedValue(request.SubjectName.RawData);
            WriteSubjectPublicKeyInfo(writer, request.PublicKey);
            WriteExtensions(writer, request.CertificateExtensions);
        }

        return writer.Encode();
    }

    // RFC 5280, 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; whole seconds either way.
    private static void WriteTime(AsnWriter writer, DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        if (utc.Year is >= 1950 and < 2050)
        {
            writer.WriteUtcTime(utc);
        }
        else
        {
            writer.WriteGeneralizedTime(utc, omitFractionalSeconds: true);
        }
    }

    private static void WriteSubjectPublicKeyInfo(AsnWriter writer, PublicKey publicKey)
    {
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(publicKey.Oid.Value!);
                if (publicKey.EncodedParameters is { RawData.Length: > 0 } parameters)
                {
                    writer.WriteEncodedValue(parameters.RawData);
                }
            }

            writer.WriteBitString(publicKey.EncodedKeyValue.RawData);
        }
    }

    private static void WriteExtensions(AsnWriter writer, IEnumerable<X509Extension?> extensions)
    {
        var present = extensions.OfType<X509Extension>().ToList();
        if (present.Count == 0)
        {
            // RFC 5280: if present, one or more extensions; none means no field at all.
            return;
        }

        var seen = new HashSet<string?>(present.Count);
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 3)))
        using (writer.PushSequence())
        {
            foreach (var extension in present)
            {
                if (!seen.Add(extension.Oid?.Value))
                {
                    throw new InvalidOperationException($"Two extensions have the OID {extension.Oid?.Value}; a certificate may carry each extension once.");
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(extension.Oid!.Value!);
                    if (extension.Critical)
                    {
                        writer.WriteBoolean(true); // DEFAULT FALSE: DER leaves out the default
                    }

                    writer.WriteOctetString(extension.RawData);
                }
            }
        }
    }

    // As CertificateRequest does: the bytes are an unsigned big-endian number, so a set top bit gets a 0x00 octet in front
    // and redundant leading zeros go.
    private static byte[] NormalizeSerialNumber(ReadOnlySpan<byte> serialNumber)
    {
        if (serialNumber.IsEmpty)
        {
            throw new ArgumentException("The serial number is empty.", nameof(serialNumber));
        }

        if (serialNumber[0] >= 0x80)
        {
            return [0, .. serialNumber];
        }

        var leadingZeros = 0;
        while (leadingZeros < serialNumber.Length - 1 && serialNumber[leadingZeros] == 0 && serialNumber[leadingZeros + 1] < 0x80)
        {
            leadingZeros++;
        }

        return serialNumber[leadingZeros..].ToArray();
    }
}
