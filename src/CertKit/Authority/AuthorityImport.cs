using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertKit.Building;
using Microsoft.Extensions.Logging.Abstractions;

namespace CertKit.Authority;

/// <summary>Reads an existing CA certificate and key for <see cref="TestCertificateAuthority.ImportPem"/> and <see cref="TestCertificateAuthority.ImportPfx"/>.</summary>
internal static class AuthorityImport
{
    public static X509Certificate2[] ReadCertificates(string pem, string paramName)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"{paramName} has a CERTIFICATE block that cannot be read: {e.Message}", paramName, e);
        }

        return collection.Count > 0
            ? [.. collection]
            : throw new ArgumentException($"{paramName} holds no -----BEGIN CERTIFICATE----- block.", paramName);
    }

    public static AsymmetricAlgorithm ReadKey(string pem, string paramName)
    {
        if (pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{paramName} is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem).", paramName);
        }

        AsymmetricAlgorithm[] candidates = [ECDsa.Create(), RSA.Create()];
        foreach (var candidate in candidates)
        {
            try
            {
                candidate.ImportFromPem(pem);
                foreach (var other in candidates.Where(c => c != candidate))
                {
                    other.Dispose();
                }

                return candidate;
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                // Not this kind of key: try the next one.
            }
        }

        foreach (var candidate in candidates)
        {
            candidate.Dispose();
        }

        throw new ArgumentException($"{paramName} holds no ECDSA or RSA private key (PKCS#8, PKCS#1 or SEC1 PEM).", paramName);
    }

    public static (X509Certificate2[] Chain, AsymmetricAlgorithm Key) ReadPfx(byte[] pfx, string? password, string paramName)
    {
        X509Certificate2Collection collection;
        try
        {
            // An ephemeral key never touches a key store (macOS has no such keys; there the key is copied out below all the same).
            var flags = X509KeyStorageFlags.Exportable | (OperatingSystem.IsMacOS() ? 0 : X509KeyStorageFlags.EphemeralKeySet);
            collection = X509CertificateLoader.LoadPkcs12Collection(pfx, password, flags);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"{paramName} cannot be read as PKCS#12 ({e.Message}); is the password right?", paramName, e);
        }

        try
        {
            var withKey = collection.FirstOrDefault(c => c.HasPrivateKey)
                ?? throw new ArgumentException($"{paramName} holds no certificate with a private key.", paramName);
            using AsymmetricAlgorithm loaded = (AsymmetricAlgorithm?)withKey.GetECDsaPrivateKey() ?? withKey.GetRSAPrivateKey()
                ?? throw new ArgumentException($"{paramName}: the key of {withKey.Subject} is neither ECDSA nor RSA.", paramName);
            // A key of our own, independent of the certificates disposed below.
            var key = CertificateFactory.CopyKey(loaded);

            // Nearest first: follow issuer names up from the authority's certificate.
            var chain = new List<X509Certificate2> { X509CertificateLoader.LoadCertificate(withKey.RawData) };
            while (chain[^1].SubjectName.RawData.AsSpan().SequenceEqual(chain[^1].IssuerName.RawData) is false
                && collection.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(chain[^1].IssuerName.RawData)) is { } issuer
                && chain.Count <= collection.Count)
            {
                chain.Add(X509CertificateLoader.LoadCertificate(issuer.RawData));
            }

            return ([.. chain], key);
        }
        finally
        {
            foreach (var certificate in collection)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>The certificate, if <paramref name="key"/> is its key; otherwise an error that names both.</summary>
    [SuppressMessage("Usage", "CA2208", Justification = "The message names the public method's parameter.")]
    public static X509Certificate2 MatchKey(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        var expected = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        var actual = key.ExportSubjectPublicKeyInfo();
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return certificate;
        }

        throw new ArgumentException(
            $"The private key ({Describe(key)}, public key SHA-256 {Fingerprint(actual)}) does not match the certificate {certificate.Subject} "
            + $"({certificate.PublicKey.Oid.FriendlyName}, public key SHA-256 {Fingerprint(expected)}); pass the key that belongs to it.",
            "privateKey");
    }

    /// <summary>What makes an imported authority unable to do its job, refused now rather than as a puzzling error later.</summary>
    public static void RequireUsable(X509Certificate2[] chain, CertificateOptions options, string paramName)
    {
        for (var i = 0; i + 1 < chain.Length; i++)
        {
            if (!chain[i].IssuerName.RawData.AsSpan().SequenceEqual(chain[i + 1].SubjectName.RawData))
            {
                throw new ArgumentException(
                    $"{paramName}: {chain[i].Subject} is issued by {chain[i].Issuer}, but the next certificate is {chain[i + 1].Subject}; "
                    + "give the authority's certificate first, then each issuer in turn up to the root.",
                    paramName);
            }
        }

        var top = chain[^1];
        if (!top.SubjectName.RawData.AsSpan().SequenceEqual(top.IssuerName.RawData))
        {
            throw new ArgumentException(
                $"{paramName} ends at {top.Subject}, which is not self-signed: add the certificates above it up to the root (its issuer is {top.Issuer}), "
                + "which the authority's Trust will trust.",
                paramName);
        }

        // Revocation is checked for every certificate but the root: an intermediate imported with a responder must carry endpoints itself.
        if (options.RevocationResponder is not null && chain.Length > 1 && chain[0].Extensions["2.5.29.31"] is null)
        {
            throw new ArgumentException(
                $"{chain[0].Subject} is an intermediate without a CRL distribution point, so clients could not check it and would refuse every chain "
                + "under it; import it without RevocationResponder, or give the responder to the authority above it.",
                nameof(options));
        }
    }

    [SuppressMessage("Usage", "CA2208", Justification = "The message names the option property the user set.")]
    public static void RefuseBuildOptions(CertificateOptions options)
    {
        var set = options.Purpose is not null ? nameof(CertificateOptions.Purpose)
            : options.SubjectAlternativeNames.Count > 0 ? nameof(CertificateOptions.SubjectAlternativeNames)
            : options.CommonName is not null ? nameof(CertificateOptions.CommonName)
            : options.Organization is not null ? nameof(CertificateOptions.Organization)
            : options.OrganizationalUnit is not null ? nameof(CertificateOptions.OrganizationalUnit)
            : options.Key is not null ? nameof(CertificateOptions.Key)
            : options.NotBefore is not null ? nameof(CertificateOptions.NotBefore)
            : options.NotAfter is not null ? nameof(CertificateOptions.NotAfter)
            : options.SignatureHashAlgorithm is not null ? nameof(CertificateOptions.SignatureHashAlgorithm)
            : options.Extensions.Count > 0 ? nameof(CertificateOptions.Extensions)
            : options.PathLengthConstraint is not null ? nameof(CertificateOptions.PathLengthConstraint)
            : options.PermittedDnsNames.Count > 0 ? nameof(CertificateOptions.PermittedDnsNames)
            : options.ExcludedDnsNames.Count > 0 ? nameof(CertificateOptions.ExcludedDnsNames)
            : null;
        if (set is not null)
        {
            throw new ArgumentException(
                $"{set} describes a new certificate; an imported authority takes only TimeProvider, Logger, KeyAlgorithm and RevocationResponder.",
                nameof(options));
        }
    }

    public static CertificateSpec Spec(X509Certificate2 certificate, AsymmetricAlgorithm key, CertificateOptions options) => new(
        Names: [],
        certificate.SubjectName,
        KeyAlgorithm.Of(key, "privateKey"),
        GivenKey: null,
        new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
        new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
        X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature,
        ExtendedKeyUsages: [],
        Authority: null,
        Hash: null,
        options.TimeProvider ?? TimeProvider.System,
        options.Logger ?? NullLogger.Instance);

    private static string Describe(AsymmetricAlgorithm key) => key is ECDsa ? $"ECDSA {key.KeySize}" : $"RSA {key.KeySize}";

    private static string Fingerprint(byte[] subjectPublicKeyInfo) => Convert.ToHexString(SHA256.HashData(subjectPublicKeyInfo))[..16];
}
