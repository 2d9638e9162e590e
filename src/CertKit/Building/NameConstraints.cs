using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.Building;

/// <summary>The RFC 5280 name constraints extension (2.5.29.30), with DNS subtrees only. The BCL has no builder for it.</summary>
internal static class NameConstraints
{
    private const string Oid = "2.5.29.30";

    public static X509Extension? Build(AuthorityConstraints constraints)
    {
        if (constraints.PermittedDnsNames.Count == 0 && constraints.ExcludedDnsNames.Count == 0)
        {
            return null;
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteSubtrees(writer, 0, constraints.PermittedDnsNames);
            WriteSubtrees(writer, 1, constraints.ExcludedDnsNames);
        }

        // RFC 5280 4.2.1.10: conforming CAs MUST mark this extension critical.
        return new X509Extension(Oid, writer.Encode(), critical: true);
    }

    private static void WriteSubtrees(AsnWriter writer, int tag, IReadOnlyList<string> dnsNames)
    {
        if (dnsNames.Count == 0)
        {
            return;
        }

        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, tag, isConstructed: true)))
        {
            foreach (var name in dnsNames)
            {
                using (writer.PushSequence())
                {
                    // GeneralName dNSName [2] IA5String
                    writer.WriteCharacterString(UniversalTagNumber.IA5String, name, new Asn1Tag(TagClass.ContextSpecific, 2));
                }
            }
        }
    }
}
