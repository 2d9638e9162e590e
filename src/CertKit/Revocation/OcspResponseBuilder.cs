using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.Revocation;

/// <summary>Reads an OCSP request and writes the signed answer (RFC 6960). The BCL has neither.</summary>
internal static class OcspResponseBuilder
{
    private const string BasicResponseOid = "1.3.6.1.5.5.7.48.1.1";
    private const string Sha1Oid = "1.3.14.3.2.26";
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    private enum ResponseStatus
    {
        Successful = 0,
        MalformedRequest = 1,
    }

    /// <summary>The DER OCSPResponse for <paramref name="request"/>: good, revoked or unknown for each certificate asked about.</summary>
    public static byte[] Respond(ReadOnlyMemory<byte> request, RevocationAuthority authority)
    {
        List<ReadOnlyMemory<byte>> certIds;
        try
        {
            certIds = ReadCertIds(request);
        }
        catch (AsnContentException)
        {
            return Status(ResponseStatus.MalformedRequest);
        }

        var now = authority.TimeProvider.GetUtcNow();
        var tbs = new AsnWriter(AsnEncodingRules.DER);
        using (tbs.PushSequence())
        {
            // responderID byKey [2] EXPLICIT KeyHash: the authority answers for itself, no delegated responder.
            using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
            {
                tbs.WriteOctetString(authority.KeyHash());
            }

            tbs.WriteGeneralizedTime(now, omitFractionalSeconds: true);
            using (tbs.PushSequence())
            {
                foreach (var certId in certIds)
                {
                    WriteSingleResponse(tbs, certId, authority, now);
                }
            }
        }

        var responseData = tbs.Encode();
        var issuer = authority.Issuer;
        var hash = Defaults.SignatureHash(issuer.Key);
        var generator = CertKit.Building.CertificateFactory.SignatureGenerator(issuer.Key, hash);
        var basic = new AsnWriter(AsnEncodingRules.DER);
        using (basic.PushSequence())
        {
            basic.WriteEncodedValue(responseData);
            basic.WriteEncodedValue(generator.GetSignatureAlgorithmIdentifier(hash));
            basic.WriteBitString(generator.SignData(responseData, hash));
        }

        var response = new AsnWriter(AsnEncodingRules.DER);
        using (response.PushSequence())
        {
            response.WriteEnumeratedValue(ResponseStatus.Successful);
            using (response.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (response.PushSequence())
            {
                response.WriteObjectIdentifier(BasicResponseOid);
                response.WriteOctetString(basic.Encode());
            }
        }

        return response.Encode();
    }

    private static List<ReadOnlyMemory<byte>> ReadCertIds(ReadOnlyMemory<byte> request)
    {
        var ocspRequest = new AsnReader(request, AsnEncodingRules.DER).ReadSequence();
        var tbsRequest = ocspRequest.ReadSequence();
        SkipIfTagged(tbsRequest, 0); // version
        SkipIfTagged(tbsRequest, 1); // requestorName
        var requestList = tbsRequest.ReadSequence();
        var certIds = new List<ReadOnlyMemory<byte>>();
        while (requestList.HasData)
        {
            var single = requestList.ReadSequence();
            certIds.Add(single.ReadEncodedValue());
        }

        return certIds.Count > 0 ? certIds : throw new AsnContentException("The OCSP request asks about no certificate.");
    }

    private static void SkipIfTagged(AsnReader reader, int tag)
    {
        if (reader.HasData && reader.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, tag)))
        {
            reader.ReadEncodedValue();
        }
    }

    private static void WriteSingleResponse(AsnWriter writer, ReadOnlyMemory<byte> certIdDer, RevocationAuthority authority, DateTimeOffset now)
    {
        var certId = new AsnReader(certIdDer, AsnEncodingRules.DER).ReadSequence();
        var algorithm = certId.ReadSequence().ReadObjectIdentifier();
        var nameHash = certId.ReadOctetString();
        var keyHash = certId.ReadOctetString();
        var serial = Convert.ToHexString(certId.ReadIntegerBytes().Span);
        HashAlgorithmName? hash = algorithm switch
        {
            Sha1Oid => HashAlgorithmName.SHA1,
            Sha256Oid => HashAlgorithmName.SHA256,
            _ => null,
        };
        var ours = hash is { } h && authority.Matches(h, nameHash, keyHash);

        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(certIdDer.Span);
            if (ours && authority.State.TryGetRevocation(serial, out var time, out var reason))
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                {
                    writer.WriteGeneralizedTime(time, omitFractionalSeconds: true);
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        writer.WriteEnumeratedValue(reason);
                    }
                }
            }
            else if (ours && authority.WasIssued(serial))
            {
                writer.WriteNull(new Asn1Tag(TagClass.ContextSpecific, 0)); // good
            }
            else
            {
                writer.WriteNull(new Asn1Tag(TagClass.ContextSpecific, 2)); // unknown: not ours, or never issued
            }

            writer.WriteGeneralizedTime(now - TimeSpan.FromMinutes(1), omitFractionalSeconds: true);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                writer.WriteGeneralizedTime(now + RevocationState.Validity, omitFractionalSeconds: true);
            }
        }
    }

    private static byte[] Status(ResponseStatus status)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEnumeratedValue(status);
        }

        return writer.Encode();
    }
}
