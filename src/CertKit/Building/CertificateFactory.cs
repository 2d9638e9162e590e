using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.Building;

/// <summary>Turns a validated <see cref="CertificateSpec"/> into a certificate with its private key.</summary>
internal static class CertificateFactory
{
    /// <summary>A self-signed certificate, and its private key as PKCS#8 for the PEM and PFX exports.</summary>
    public static (X509Certificate2 Certificate, byte[] Pkcs8PrivateKey) CreateSelfSigned(CertificateSpec spec)
    {
        using var key = spec.KeyAlgorithm.GenerateKey();
        var request = NewRequest(spec, key);
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(spec.KeyUsage, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(ToCollection(spec.ExtendedKeyUsages), critical: false));
        request.CertificateExtensions.Add(BuildSubjectAlternativeNames(spec.Names));
        request.CertificateExtensions.Add(ski);
        // Self-signed, so the authority key is the certificate's own: strict verifiers want AKI all the same.
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));

        // CreateSelfSigned picks its own 8-byte serial; Create with a generator lets us choose it.
        using var unsigned = request.Create(
            spec.Subject, SignatureGeneratorFor(key), spec.NotBefore, spec.NotAfter, SerialNumber.CreateRandom());
        var certificate = key switch
        {
            ECDsa ecdsa => unsigned.CopyWithPrivateKey(ecdsa),
            RSA rsa => unsigned.CopyWithPrivateKey(rsa),
            _ => throw new NotSupportedException($"Key type {key.GetType().Name} is not supported."),
        };

        return (ForServerUse(certificate), key.ExportPkcs8PrivateKey());
    }

    private static CertificateRequest NewRequest(CertificateSpec spec, AsymmetricAlgorithm key) => key switch
    {
        ECDsa ecdsa => new CertificateRequest(spec.Subject, ecdsa, Defaults.HashAlgorithm),
        RSA rsa => new CertificateRequest(spec.Subject, rsa, Defaults.HashAlgorithm, RSASignaturePadding.Pkcs1),
        _ => throw new NotSupportedException($"Key type {key.GetType().Name} is not supported."),
    };

    private static X509SignatureGenerator SignatureGeneratorFor(AsymmetricAlgorithm key) => key switch
    {
        ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        _ => throw new NotSupportedException($"Key type {key.GetType().Name} is not supported."),
    };

    private static X509Extension BuildSubjectAlternativeNames(IEnumerable<SubjectAlternativeName> names)
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (name.IPAddress is { } address)
            {
                builder.AddIpAddress(address);
            }
            else
            {
                builder.AddDnsName(name.DnsName);
            }
        }

        return builder.Build(critical: false);
    }

    private static OidCollection ToCollection(IEnumerable<Oid> oids)
    {
        var collection = new OidCollection();
        foreach (var oid in oids)
        {
            collection.Add(oid);
        }

        return collection;
    }

    /// <summary>
    /// Linux and macOS TLS use the in-memory key as it is. Windows SChannel cannot use an ephemeral key,
    /// so there the certificate is reloaded from a PKCS#12 blob into a key container that Windows deletes
    /// when the certificate is disposed (no PersistKeySet).
    /// </summary>
    private static X509Certificate2 ForServerUse(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        using (certificate)
        {
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            var pfx = certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);
            return X509CertificateLoader.LoadPkcs12(pfx, password, X509KeyStorageFlags.Exportable);
        }
    }
}
