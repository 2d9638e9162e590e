using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.Building;

/// <summary>Turns a validated <see cref="CertificateSpec"/> into a certificate with its private key.</summary>
internal static class CertificateFactory
{
    /// <summary>
    /// Makes the certificate, self-signed when <paramref name="issuer"/> is <see langword="null"/>, and returns it
    /// with its private key as PKCS#8 for the PEM and PFX exports.
    /// </summary>
    /// <param name="spec">What to make.</param>
    /// <param name="issuer">The CA certificate, with its private key, that signs; or <see langword="null"/>.</param>
    /// <param name="serialNumber">The serial, unique per issuer.</param>
    public static (X509Certificate2 Certificate, byte[] Pkcs8PrivateKey) Create(
        CertificateSpec spec, X509Certificate2? issuer, byte[] serialNumber)
    {
        using var key = spec.KeyAlgorithm.GenerateKey();
        var request = NewRequest(spec, key);
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        AddExtensions(request, spec, ski, issuer);

        X509Certificate2 unsigned;
        if (issuer is null)
        {
            // CreateSelfSigned picks its own 8-byte serial; Create with a generator lets us choose it.
            unsigned = request.Create(spec.Subject, SignatureGeneratorFor(key, spec.Hash), spec.NotBefore, spec.NotAfter, serialNumber);
        }
        else
        {
            // The issuer's key signs, whatever its algorithm: an RSA root can sign an ECDSA leaf.
            using var issuerKey = PrivateKeyOf(issuer);
            unsigned = request.Create(issuer.SubjectName, SignatureGeneratorFor(issuerKey, spec.Hash), spec.NotBefore, spec.NotAfter, serialNumber);
        }

        using (unsigned)
        {
            var certificate = key switch
            {
                ECDsa ecdsa => unsigned.CopyWithPrivateKey(ecdsa),
                RSA rsa => unsigned.CopyWithPrivateKey(rsa),
                _ => throw new NotSupportedException($"Key type {key.GetType().Name} is not supported."),
            };
            return (ForServerUse(certificate), key.ExportPkcs8PrivateKey());
        }
    }

    private static void AddExtensions(CertificateRequest request, CertificateSpec spec, X509SubjectKeyIdentifierExtension ski, X509Certificate2? issuer)
    {
        if (spec.WriteBasicConstraints)
        {
            var authority = spec.Authority;
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
                certificateAuthority: authority is not null,
                hasPathLengthConstraint: authority?.PathLength is not null,
                pathLengthConstraint: authority?.PathLength ?? 0,
                critical: true));
        }

        request.CertificateExtensions.Add(new X509KeyUsageExtension(spec.KeyUsage, critical: true));
        if (spec.ExtendedKeyUsages.Count > 0)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(ToCollection(spec.ExtendedKeyUsages), critical: false));
        }

        if (spec.Names.Count > 0)
        {
            // RFC 5280: the extension is critical when the subject is empty.
            request.CertificateExtensions.Add(BuildSubjectAlternativeNames(spec.Names, critical: spec.Subject.RawData.Length <= 2));
        }

        if (spec.Authority is not null && NameConstraints.Build(spec.Authority) is { } nameConstraints)
        {
            request.CertificateExtensions.Add(nameConstraints);
        }

        request.CertificateExtensions.Add(ski);
        // A self-signed certificate is its own authority: strict verifiers want the AKI all the same.
        request.CertificateExtensions.Add(issuer is null
            ? X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski)
            : X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
    }

    private static CertificateRequest NewRequest(CertificateSpec spec, AsymmetricAlgorithm key) => key switch
    {
        ECDsa ecdsa => new CertificateRequest(spec.Subject, ecdsa, spec.Hash),
        RSA rsa => new CertificateRequest(spec.Subject, rsa, spec.Hash, RSASignaturePadding.Pkcs1),
        _ => throw new NotSupportedException($"Key type {key.GetType().Name} is not supported."),
    };

    private static X509SignatureGenerator SignatureGeneratorFor(AsymmetricAlgorithm key, HashAlgorithmName hash) => key switch
    {
        _ when hash == HashAlgorithmName.SHA1 => new Sha1SignatureGenerator(key),
        ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        _ => throw new NotSupportedException($"Key type {key.GetType().Name} is not supported."),
    };

    private static AsymmetricAlgorithm PrivateKeyOf(X509Certificate2 issuer) =>
        (AsymmetricAlgorithm?)issuer.GetECDsaPrivateKey()
        ?? issuer.GetRSAPrivateKey()
        ?? throw new ArgumentException($"Issuer {issuer.Subject} has no ECDSA or RSA private key.", nameof(issuer));

    private static X509Extension BuildSubjectAlternativeNames(IEnumerable<SubjectAlternativeName> names, bool critical)
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            switch (name.Kind)
            {
                case SubjectAlternativeNameKind.IPAddress:
                    builder.AddIpAddress(name.IPAddress!);
                    break;
                case SubjectAlternativeNameKind.Email:
                    builder.AddEmailAddress(name.Value);
                    break;
                case SubjectAlternativeNameKind.Uri:
                    builder.AddUri(new Uri(name.Value));
                    break;
                case SubjectAlternativeNameKind.UserPrincipalName:
                    builder.AddUserPrincipalName(name.Value);
                    break;
                default:
                    builder.AddDnsName(name.Value);
                    break;
            }
        }

        return builder.Build(critical);
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
