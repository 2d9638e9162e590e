using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.Building;

/// <summary>
/// Signs with SHA-1, which .NET's own generators refuse. Only the catalogue of broken certificates uses it,
/// to show that clients refuse SHA-1 signatures.
/// </summary>
internal sealed class Sha1SignatureGenerator(AsymmetricAlgorithm key) : X509SignatureGenerator
{
    private const string EcdsaWithSha1 = "1.2.840.10045.4.1";
    private const string Sha1WithRsaEncryption = "1.2.840.113549.1.1.5";

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(key is RSA ? Sha1WithRsaEncryption : EcdsaWithSha1);
            if (key is RSA)
            {
                writer.WriteNull(); // RFC 4055: RSA PKCS#1 v1.5 identifiers carry NULL parameters
            }
        }

        return writer.Encode();
    }

#pragma warning disable CA5350 // SHA-1 on purpose: this certificate exists to be refused.
    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key switch
    {
        ECDsa ecdsa => ecdsa.SignData(data, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence),
        RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1),
        _ => throw new NotSupportedException($"Key type {key.GetType().Name} is not supported."),
    };
#pragma warning restore CA5350

    protected override PublicKey BuildPublicKey() => key switch
    {
        ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa).PublicKey,
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1).PublicKey,
        _ => throw new NotSupportedException($"Key type {key.GetType().Name} is not supported."),
    };
}
