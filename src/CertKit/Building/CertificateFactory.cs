using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.Building;

/// <summary>Turns a validated <see cref="CertificateSpec"/> into a certificate with its private key.</summary>
internal static class CertificateFactory
{
    /// <summary>
    /// Signs a certificate for <paramref name="key"/>, self-signed when <paramref name="issuer"/> is <see langword="null"/>.
    /// Returns it as DER (an <see cref="X509Certificate2"/> costs more to make than the signature: made when someone asks),
    /// its serial number as encoded, and its subject key identifier.
    /// </summary>
    /// <param name="spec">What to make.</param>
    /// <param name="key">The certificate's key pair, from <see cref="KeyAlgorithm.GenerateKey"/>.</param>
    /// <param name="issuer">The authority that signs, or <see langword="null"/> for a self-signed certificate.</param>
    /// <param name="serialNumber">The serial, unique per issuer.</param>
    public static (byte[] Der, byte[] Serial, byte[] SubjectKeyIdentifier) Sign(
        CertificateSpec spec, AsymmetricAlgorithm key, Issuer? issuer, byte[] serialNumber)
    {
        var request = CreateRequest(spec, key, issuer, out var ski);
        // A generator, not CreateSelfSigned or Create(issuerCertificate): it lets us choose the serial, and reuses the
        // issuer's key and name instead of re-reading them from its certificate.
        var issuerName = issuer?.Name ?? spec.Subject;
        var signingKey = issuer?.Key ?? key;
        var generator = SignatureGenerator(signingKey, request.HashAlgorithm);
        var (der, serial) = CertificateEncoder.Sign(
            request, issuerName, generator, SignatureAlgorithm(generator, signingKey, request.HashAlgorithm), spec.NotBefore, spec.NotAfter, serialNumber);
        Observer.Value?.Invoke(new SigningRecord(request, issuerName, generator, spec.NotBefore, spec.NotAfter, serialNumber, der));
        return (der, serial, ski);
    }

    /// <summary>
    /// Tests only: sees every signing in the current async flow with the request that defined it and the DER that came
    /// out, so a test can check the encoder against <see cref="CertificateRequest"/> for everything the public API makes.
    /// </summary>
    internal static AsyncLocal<Action<SigningRecord>?> Observer { get; } = new();

    /// <summary>One signing: the inputs <see cref="CertificateRequest"/>'s own <c>Create</c> would take, and CertKit's result.</summary>
    internal sealed record SigningRecord(
        CertificateRequest Request, X500DistinguishedName IssuerName, X509SignatureGenerator Generator, DateTimeOffset NotBefore, DateTimeOffset NotAfter, byte[] SerialNumber, byte[] Der);

    /// <summary>The request that defines the certificate's content: subject, public key, hash and every extension.</summary>
    public static CertificateRequest CreateRequest(CertificateSpec spec, AsymmetricAlgorithm key, Issuer? issuer, out byte[] subjectKeyIdentifier)
    {
        var hash = spec.Hash ?? Defaults.SignatureHash(issuer?.Key ?? key);
        var request = NewRequest(spec.Subject, key, hash);
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        subjectKeyIdentifier = ski.SubjectKeyIdentifierBytes.ToArray();
        AddExtensions(request, spec, ski, issuer?.SubjectKeyIdentifier ?? subjectKeyIdentifier);
        return request;
    }

    // Enough for every name list a suite uses; a suite that makes more names than this builds the rest each time.
    private const int MaxCachedEntries = 256;

    // Plain dictionaries under a lock, not concurrent ones: the first certificate of a process would load and compile more.
    // The AlgorithmIdentifier depends only on the key type and the hash; asking the generator costs an encoding each time.
    private static readonly Dictionary<string, byte[]> SignatureAlgorithms = new(StringComparer.Ordinal);

    // Subject alternative names repeat (most fixtures take the defaults); the extension is immutable once built.
    private static readonly Dictionary<string, X509Extension> SubjectAlternativeNameExtensions = new(StringComparer.Ordinal);

    private static readonly Lock CacheGate = new();

    private static byte[] SignatureAlgorithm(X509SignatureGenerator generator, AsymmetricAlgorithm signingKey, HashAlgorithmName hash)
    {
        if (generator is Sha1SignatureGenerator)
        {
            return generator.GetSignatureAlgorithmIdentifier(hash);
        }

        var key = (signingKey is ECDsa ? "ECDSA " : "RSA ") + hash.Name;
        return TryGetCached(SignatureAlgorithms, key, out var cached)
            ? cached
            : Keep(SignatureAlgorithms, key, generator.GetSignatureAlgorithmIdentifier(hash));
    }

    private static bool TryGetCached<T>(Dictionary<string, T> cache, string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value)
    {
        lock (CacheGate)
        {
            return cache.TryGetValue(key, out value);
        }
    }

    // Made outside the lock; two threads may make the same value, and the first one kept wins.
    private static T Keep<T>(Dictionary<string, T> cache, string key, T value)
    {
        lock (CacheGate)
        {
            if (cache.Count < MaxCachedEntries)
            {
                cache.TryAdd(key, value);
            }
        }

        return value;
    }

    /// <summary>The certificate joined with its private key, ready for <see cref="System.Net.Security.SslStream"/>.</summary>
    public static X509Certificate2 WithPrivateKey(X509Certificate2 publicCertificate, AsymmetricAlgorithm key) => ForServerUse(key switch
    {
        ECDsa ecdsa => publicCertificate.CopyWithPrivateKey(ecdsa),
        RSA rsa => publicCertificate.CopyWithPrivateKey(rsa),
        _ => throw new NotSupportedException($"Key type {key.GetType().Name} is not supported."),
    });

    private static void AddExtensions(CertificateRequest request, CertificateSpec spec, X509SubjectKeyIdentifierExtension ski, byte[] authorityKeyIdentifier)
    {
        var authority = spec.Authority;
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: authority is not null,
            hasPathLengthConstraint: authority?.PathLength is not null,
            pathLengthConstraint: authority?.PathLength ?? 0,
            critical: true));

        request.CertificateExtensions.Add(new X509KeyUsageExtension(spec.KeyUsage, critical: true));
        if (spec.ExtendedKeyUsages.Count > 0)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(ToCollection(spec.ExtendedKeyUsages), critical: false));
        }

        if (spec.Names.Count > 0)
        {
            // RFC 5280: the extension is critical when the subject is empty.
            request.CertificateExtensions.Add(SubjectAlternativeNames(spec.Names, critical: spec.Subject.RawData.Length <= 2));
        }

        if (spec.Authority is not null && NameConstraints.Build(spec.Authority) is { } nameConstraints)
        {
            request.CertificateExtensions.Add(nameConstraints);
        }

        if (spec.RevocationEndpoints is var (crl, ocsp))
        {
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([crl.AbsoluteUri]));
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension([ocsp.AbsoluteUri], caIssuersUris: null));
        }

        request.CertificateExtensions.Add(ski);
        // The issuer's SKI; a self-signed certificate's own, since strict verifiers want the AKI all the same.
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(authorityKeyIdentifier));

        foreach (var extension in spec.Extensions)
        {
            var ours = request.CertificateExtensions.FirstOrDefault(e => e.Oid?.Value == extension.Oid!.Value);
            if (ours is not null)
            {
                request.CertificateExtensions.Remove(ours);
            }

            request.CertificateExtensions.Add(extension);
        }
    }

    /// <summary>The key pair for a spec: a copy of the caller's key (theirs stays theirs to dispose), or a new one.</summary>
    public static AsymmetricAlgorithm NewKey(CertificateSpec spec) => spec.GivenKey is { } given ? CopyKey(given) : spec.KeyAlgorithm.GenerateKey();

    /// <summary>An in-memory copy of a private key; the exported parameters are wiped once imported.</summary>
    public static AsymmetricAlgorithm CopyKey(AsymmetricAlgorithm key)
    {
        switch (key)
        {
            case ECDsa given:
                var ecParameters = ExportPrivate(() => given.ExportParameters(includePrivateParameters: true));
                try
                {
                    var ecdsa = ECDsa.Create();
                    ecdsa.ImportParameters(ecParameters);
                    return ecdsa;
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(ecParameters.D);
                }

            case RSA given:
                var rsaParameters = ExportPrivate(() => given.ExportParameters(includePrivateParameters: true));
                try
                {
                    var rsa = RSA.Create();
                    rsa.ImportParameters(rsaParameters);
                    return rsa;
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(rsaParameters.D);
                    CryptographicOperations.ZeroMemory(rsaParameters.P);
                    CryptographicOperations.ZeroMemory(rsaParameters.Q);
                    CryptographicOperations.ZeroMemory(rsaParameters.DP);
                    CryptographicOperations.ZeroMemory(rsaParameters.DQ);
                    CryptographicOperations.ZeroMemory(rsaParameters.InverseQ);
                }

            default:
                throw new NotSupportedException($"Key type {key.GetType().Name} is not supported.");
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2208", Justification = "The message names the option property the user set.")]
    private static T ExportPrivate<T>(Func<T> export)
    {
        try
        {
            return export();
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException(
                $"{nameof(CertificateOptions.Key)} has no exportable private key ({e.Message}); give a key made in memory, such as ECDsa.Create().",
                nameof(CertificateOptions.Key),
                e);
        }
    }

    private static CertificateRequest NewRequest(X500DistinguishedName subject, AsymmetricAlgorithm key, HashAlgorithmName hash) => key switch
    {
        ECDsa ecdsa => new CertificateRequest(subject, ecdsa, hash),
        RSA rsa => new CertificateRequest(subject, rsa, hash, RSASignaturePadding.Pkcs1),
        _ => throw new NotSupportedException($"Key type {key.GetType().Name} is not supported."),
    };

    /// <summary>The generator that signs with <paramref name="key"/>: certificates, CRLs and OCSP answers alike.</summary>
    public static X509SignatureGenerator SignatureGenerator(AsymmetricAlgorithm key, HashAlgorithmName hash) => key switch
    {
        _ when hash == HashAlgorithmName.SHA1 => new Sha1SignatureGenerator(key),
        ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        _ => throw new NotSupportedException($"Key type {key.GetType().Name} is not supported."),
    };

    private static X509Extension SubjectAlternativeNames(IReadOnlyList<SubjectAlternativeName> names, bool critical)
    {
        var key = (critical ? "!" : "") + string.Join('\n', names);
        return TryGetCached(SubjectAlternativeNameExtensions, key, out var cached)
            ? cached
            : Keep(SubjectAlternativeNameExtensions, key, BuildSubjectAlternativeNames(names, critical));
    }

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

    private static OidCollection ToCollection(IEnumerable<string> oids)
    {
        var collection = new OidCollection();
        foreach (var oid in oids)
        {
            collection.Add(new Oid(oid));
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
