using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertKit.Building;
using CertKit.Files;
using CertKit.Logging;

namespace CertKit;

/// <summary>
/// A certificate for tests: an <see cref="X509Certificate2"/> with its private key, and PEM and PFX files
/// for code that wants paths. Everything it made, files and key, is gone when it is disposed.
/// </summary>
/// <example>
/// <code>
/// using var cert = TemporaryCertificate.Create();          // localhost, 127.0.0.1, ::1
/// await sslStream.AuthenticateAsServerAsync(cert.CreateServerOptions());
/// </code>
/// </example>
/// <remarks>
/// <para>
/// Made self-signed by <see cref="Create()"/>, or issued by a <see cref="TestCertificateAuthority"/>; then it also
/// knows the chain above it (<see cref="Intermediates"/>, <see cref="TrustAnchor"/>).
/// </para>
/// <para>
/// Files are written on first use of a path property, into a per-instance directory under the system temp
/// directory that only the current user can open (0700); the key and PFX files are 0600. All members are
/// thread-safe; after <see cref="Dispose"/> every member but <see cref="PfxPassword"/>, <see cref="ToString"/>,
/// <see cref="Dispose"/> and <see cref="DisposeAsync"/> throws <see cref="ObjectDisposedException"/>.
/// </para>
/// </remarks>
public sealed class TemporaryCertificate : IDisposable, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly CertificateSpec _spec;
    private readonly X509Certificate2 _publicCertificate;
    private readonly AsymmetricAlgorithm _key;
    private readonly byte[] _subjectKeyIdentifier;
    private readonly ReadOnlyMemory<byte>[] _issuersDer;
    private readonly TemporaryDirectory _directory;
    private readonly Dictionary<string, string> _paths = [];
    private Action? _onDisposed;
    private bool _protectedFromDispose;
    private string? _pfxPassword;
    private X509Certificate2? _certificate;
    private X509Certificate2[]? _issuers;
    private byte[]? _pkcs8PrivateKey;
    private string? _certificatePem;
    private byte[]? _pfx;
    private SslStreamCertificateContext? _serverContext;
    private SslStreamCertificateContext? _staplingContext;
    private bool _disposed;

    // Only what every use needs is done here: the key, one signature, one parse. The rest (joining the key to the
    // certificate, exports, chain copies, files) waits until someone asks.
    private TemporaryCertificate(CertificateSpec spec, TemporaryCertificate? issuer, byte[] serialNumber)
    {
        _spec = spec;
        _key = spec.KeyAlgorithm.GenerateKey();
        try
        {
            if (issuer is null)
            {
                (_publicCertificate, _subjectKeyIdentifier) = CertificateFactory.Sign(spec, _key, issuer: null, serialNumber);
                _issuersDer = [];
            }
            else
            {
                // Signed under the issuer's lock, so that an issuer being disposed on another thread gives an
                // ObjectDisposedException, never a half-disposed key. The key was generated outside it.
                (_publicCertificate, _subjectKeyIdentifier, _issuersDer) = issuer.Read(() =>
                {
                    var (certificate, ski) = CertificateFactory.Sign(spec, _key, issuer.AsIssuer(), serialNumber);
                    // The chain as bytes: the certificates above belong to this instance, whatever happens to the issuer.
                    ReadOnlyMemory<byte>[] chain = [issuer._publicCertificate.RawData, .. issuer._issuersDer];
                    return (certificate, ski, chain);
                });
            }
        }
        catch
        {
            _key.Dispose();
            throw;
        }

        _directory = new TemporaryDirectory(spec.Logger);
        if (spec.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            // Formatting the subject and serial costs more than the rest of the bookkeeping: only when someone listens.
            Log.CertificateCreated(
                spec.Logger, spec.Subject.Name, spec.Names.Count == 0 ? "no names" : string.Join(", ", spec.Names), spec.KeyAlgorithm, _publicCertificate.SerialNumber, spec.NotBefore, spec.NotAfter);
        }
    }

    /// <summary>Creates a self-signed certificate for <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c> with every default of <see cref="TemporaryCertificateOptions"/>.</summary>
    /// <returns>A new certificate; dispose it to delete its files and key.</returns>
    public static TemporaryCertificate Create() => Create(new TemporaryCertificateOptions());

    /// <summary>Creates a self-signed certificate for the given names with every other default of <see cref="TemporaryCertificateOptions"/>.</summary>
    /// <param name="subjectAlternativeNames">DNS names, wildcard DNS names, IPv4 or IPv6 addresses, such as <c>"api.test", "10.1.2.3"</c>.</param>
    /// <returns>A new certificate; dispose it to delete its files and key.</returns>
    /// <exception cref="ArgumentException">A name is empty or malformed; the message names it.</exception>
    public static TemporaryCertificate Create(params string[] subjectAlternativeNames) =>
        Create(TemporaryCertificateOptions.ForNames(subjectAlternativeNames));

    /// <summary>Creates a self-signed certificate as the options describe.</summary>
    /// <param name="options">What to make. Read once; later changes to it have no effect on this certificate.</param>
    /// <returns>A new certificate; dispose it to delete its files and key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or one of its required members is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid; the message names the bad value. Nothing was created.</exception>
    public static TemporaryCertificate Create(TemporaryCertificateOptions options) =>
        new(CertificateSpec.From(options), issuer: null, SerialNumber.CreateRandom());

    /// <summary>The certificate with its private key, ready to be a <see cref="SslStream"/> server or client certificate.</summary>
    /// <remarks>Owned by this instance and disposed with it: do not dispose it yourself.</remarks>
    public X509Certificate2 Certificate => Read(CertificateWithKey);

    /// <summary>The certificates between this one and its <see cref="TrustAnchor"/>, nearest first; empty when self-signed or issued by a root.</summary>
    /// <returns>A new collection on each call; its certificates are owned by this instance.</returns>
    public X509Certificate2Collection Intermediates => Read(() => new X509Certificate2Collection(IntermediateCertificates()));

    /// <summary>The root a client must trust to accept this certificate: the issuing chain's root CA, or this certificate itself when self-signed.</summary>
    public X509Certificate2 TrustAnchor => Read(() => _issuersDer.Length == 0 ? CertificateWithKey() : IssuerCertificates()[^1]);

    /// <summary>The certificate in PEM form (<c>-----BEGIN CERTIFICATE-----</c>).</summary>
    public string CertificatePem => Read(CertificatePemText);

    /// <summary>The private key in unencrypted PKCS#8 PEM form (<c>-----BEGIN PRIVATE KEY-----</c>).</summary>
    public string PrivateKeyPem => Read(() => PemEncoding.WriteString("PRIVATE KEY", Pkcs8()));

    /// <summary>The certificate in DER form: the raw bytes of the X.509 structure.</summary>
    public ReadOnlyMemory<byte> CertificateDer => Read(() => _publicCertificate.RawDataMemory);

    /// <summary>The private key in unencrypted PKCS#8 DER form. Zeroed when this instance is disposed.</summary>
    public ReadOnlyMemory<byte> PrivateKeyPkcs8 => Read(() => (ReadOnlyMemory<byte>)Pkcs8());

    /// <summary>
    /// The certificate, its key and its <see cref="Intermediates"/> as PKCS#12, encrypted with <see cref="PfxPassword"/>
    /// using AES-256-CBC and SHA-256 (PBES2), which current OpenSSL, Java and .NET read. Zeroed when this instance is disposed.
    /// </summary>
    public ReadOnlyMemory<byte> Pfx => Read(() => (ReadOnlyMemory<byte>)PfxBytes());

    /// <summary>The password of <see cref="Pfx"/> and <see cref="PfxPath"/>: 32 random hexadecimal characters, new for each instance.</summary>
    public string PfxPassword
    {
        get
        {
            // Made on first use, without the lock: the first of two racing values wins, and it never changes after.
            if (Volatile.Read(ref _pfxPassword) is { } password)
            {
                return password;
            }

            Interlocked.CompareExchange(ref _pfxPassword, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), null);
            return _pfxPassword!;
        }
    }

    /// <summary>The full path of a DER file (<c>.cer</c>) holding the certificate alone, written on first access.</summary>
    public string CertificateDerPath => Read(() => WriteOnce("certificate.cer", () => _publicCertificate.RawData, secret: false));

    /// <summary>The full path of a PEM file holding the certificate alone, written on first access.</summary>
    public string CertificatePemPath => Read(() => WriteOnce("certificate.pem", () => Ascii(CertificatePemText()), secret: false));

    /// <summary>The full path of an owner-only (0600) PKCS#8 PEM file holding the private key, written on first access.</summary>
    public string PrivateKeyPemPath => Read(() => WriteOnce("private-key.pem", () => SecretPem("PRIVATE KEY", Pkcs8()), secret: true));

    /// <summary>The full path of an owner-only (0600) PFX file, encrypted with <see cref="PfxPassword"/>, written on first access.</summary>
    public string PfxPath => Read(() => WriteOnce("certificate.pfx", () => [.. PfxBytes()], secret: true));

    /// <summary>
    /// The full path of a PEM file holding this certificate, then its <see cref="Intermediates"/>: what a server sends
    /// (nginx <c>ssl_certificate</c>, Go <c>tls.LoadX509KeyPair</c>, Python <c>load_cert_chain</c>). Written on first access.
    /// </summary>
    public string ChainPemPath => Read(() => WriteOnce("chain.pem", () => Ascii(ChainPem(includeRoot: false)), secret: false));

    /// <summary>The full path of a PEM file holding this certificate, its <see cref="Intermediates"/> and its <see cref="TrustAnchor"/>. Written on first access.</summary>
    public string FullChainPemPath => Read(() => WriteOnce("fullchain.pem", () => Ascii(ChainPem(includeRoot: true)), secret: false));

    /// <summary>The full path of a PEM file holding the <see cref="TrustAnchor"/> alone: the CA file a client trusts. Written on first access.</summary>
    public string TrustAnchorPemPath => Read(() => WriteOnce("trust-anchor.pem", () => Ascii(TrustAnchorPem()), secret: false));

    /// <summary>
    /// Exports the private key as encrypted PKCS#8 PEM (<c>-----BEGIN ENCRYPTED PRIVATE KEY-----</c>): PBES2 with AES-256-CBC,
    /// PBKDF2-HMAC-SHA256 and 100,000 iterations, which OpenSSL 1.1+, Java and .NET read.
    /// </summary>
    /// <param name="password">The password; must not be empty.</param>
    /// <returns>The PEM text.</returns>
    /// <exception cref="ArgumentException"><paramref name="password"/> is null or empty.</exception>
    public string ExportEncryptedPrivateKeyPem(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return Read(() => _key.ExportEncryptedPkcs8PrivateKeyPem(
            password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, Defaults.PrivateKeyPbeIterations)));
    }

    /// <summary>Exports an RSA private key in the traditional PKCS#1 PEM form (<c>-----BEGIN RSA PRIVATE KEY-----</c>) that older tools expect.</summary>
    /// <returns>The PEM text.</returns>
    /// <exception cref="InvalidOperationException">The key is not RSA; the message names its algorithm.</exception>
    public string ExportRsaPrivateKeyPem() => Read(() => _key is RSA rsa
        ? rsa.ExportRSAPrivateKeyPem()
        : throw new InvalidOperationException($"PKCS#1 is an RSA format; this certificate's key is {_spec.KeyAlgorithm}. Use PrivateKeyPem (PKCS#8)."));

    /// <summary>Exports the certificate, its key and its <see cref="Intermediates"/> as PKCS#12 with a password of your choice.</summary>
    /// <param name="password">The password; must not be empty.</param>
    /// <param name="legacyTripleDes">
    /// <see langword="true"/> for the legacy form (3DES and SHA-1, 2000 iterations) that old consumers such as Java 8 or
    /// Windows Server 2016 need; <see langword="false"/> for AES-256-CBC with SHA-256, like <see cref="Pfx"/>.
    /// </param>
    /// <returns>A new array on each call.</returns>
    /// <exception cref="ArgumentException"><paramref name="password"/> is null or empty.</exception>
    public byte[] ExportPfx(string password, bool legacyTripleDes = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return Read(() => PfxCollection().ExportPkcs12(
            legacyTripleDes ? Pkcs12ExportPbeParameters.Pkcs12TripleDesSha1 : Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password)
            ?? throw new CryptographicException("PKCS#12 export returned nothing."));
    }

    /// <summary>
    /// Options for an <see cref="SslStream"/> server presenting this certificate and its intermediates, from a
    /// certificate context built once (not per handshake). No client certificate is asked for; for mutual TLS use
    /// <see cref="TestCertificateAuthority.CreateServerOptions(TemporaryCertificate, bool)"/>.
    /// </summary>
    /// <returns>New options on each call, sharing one certificate context.</returns>
    public SslServerAuthenticationOptions CreateServerOptions() => new() { ServerCertificateContext = ServerContext };

    /// <summary>
    /// Like <see cref="CreateServerOptions()"/>, and when <paramref name="stapleOcspResponse"/> is set, staples an OCSP answer
    /// for this certificate into the handshake (TLS "status_request"), fetched from the issuer's
    /// <see cref="RevocationResponder"/> in the background and refreshed by .NET.
    /// </summary>
    /// <remarks>
    /// Stapling is done by .NET's <see cref="SslStream"/> on Linux. On Windows, SChannel staples by itself when the certificate
    /// has an OCSP URL; macOS does not staple. The first handshakes may go out before the first answer has arrived.
    /// </remarks>
    /// <param name="stapleOcspResponse">Whether to fetch and staple OCSP answers.</param>
    /// <returns>New options on each call, sharing one certificate context.</returns>
    public SslServerAuthenticationOptions CreateServerOptions(bool stapleOcspResponse) =>
        stapleOcspResponse ? new() { ServerCertificateContext = StaplingContext } : CreateServerOptions();

    internal CertificateSpec Spec => _spec;

    // The issuer must be in the context for .NET to build the OCSP request, so here the chain includes the root.
    private SslStreamCertificateContext StaplingContext => Read(() => _staplingContext ??=
        SslStreamCertificateContext.Create(CertificateWithKey(), new X509Certificate2Collection(IssuerCertificates()), offline: false));

    internal SslStreamCertificateContext ServerContext => Read(() => _serverContext ??=
        SslStreamCertificateContext.Create(CertificateWithKey(), new X509Certificate2Collection(IntermediateCertificates()), offline: true));

    /// <summary>Deletes the files and the directory, and disposes the certificate and its key. Safe to call more than once, from any thread.</summary>
    public void Dispose()
    {
        if (!Volatile.Read(ref _protectedFromDispose))
        {
            DisposeCore();
        }
    }

    /// <summary>Makes <see cref="Dispose"/> a no-op, for a certificate a process-wide owner keeps (the shared authority's).</summary>
    internal void ProtectFromDispose() => Volatile.Write(ref _protectedFromDispose, true);

    /// <summary>Disposes even a protected certificate: its owner's own end.</summary>
    internal void DisposeCore()
    {
        Action? onDisposed;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            var deleted = _directory.Delete();
            _certificate?.Dispose();
            _publicCertificate.Dispose();
            _key.Dispose();
            foreach (var issuer in _issuers ?? [])
            {
                issuer.Dispose();
            }

            CryptographicOperations.ZeroMemory(_pkcs8PrivateKey);
            CryptographicOperations.ZeroMemory(_pfx);

            Log.CertificateDisposed(_spec.Logger, _spec.Subject.Name, deleted ?? "(none written)");
            onDisposed = _onDisposed;
        }

        onDisposed?.Invoke();
    }

    /// <summary>Same as <see cref="Dispose"/>; the work is synchronous and quick.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString() => $"TemporaryCertificate {_spec.Subject.Name} [{string.Join(", ", _spec.Names)}]";

    /// <summary>Makes a certificate signed by <paramref name="issuer"/>, which must hold a CA key.</summary>
    internal static TemporaryCertificate Issue(CertificateSpec spec, TemporaryCertificate issuer, byte[] serialNumber, Action onDisposed)
    {
        var issued = new TemporaryCertificate(spec, issuer, serialNumber) { _onDisposed = onDisposed };
        return issued;
    }

    /// <summary>Makes a self-signed certificate from a spec built inside the library (CA roots, broken certificates).</summary>
    internal static TemporaryCertificate SelfSigned(CertificateSpec spec) => new(spec, issuer: null, SerialNumber.CreateRandom());

    internal Issuer AsIssuer() => new(_spec.Subject, _key, _subjectKeyIdentifier);

    /// <summary>The serial number as the hexadecimal of its DER integer bytes, as authorities and responders key it.</summary>
    internal string SerialHex => Convert.ToHexString(_publicCertificate.SerialNumberBytes.Span);

    internal X500DistinguishedName IssuerName => _publicCertificate.IssuerName;

    /// <summary>The issuer name and public key bits, in the encodings OCSP hashes.</summary>
    internal (byte[] SubjectDer, byte[] PublicKey) OcspIdentity =>
        (_publicCertificate.SubjectName.RawData, _publicCertificate.PublicKey.EncodedKeyValue.RawData);

    /// <summary>Writes a new file, such as a CRL, into this certificate's directory.</summary>
    internal string WriteFile(string fileName, byte[] content) => Read(() => _directory.Write(fileName, content, secret: false));

    private X509Certificate2 CertificateWithKey() => _certificate ??= CertificateFactory.WithPrivateKey(_publicCertificate, _key);

    private X509Certificate2[] IssuerCertificates() =>
        _issuers ??= _issuersDer.Select(der => X509CertificateLoader.LoadCertificate(der.Span)).ToArray();

    // The chain above this certificate but its root: what a server sends, what a PFX carries.
    private X509Certificate2[] IntermediateCertificates() => IssuerCertificates().SkipLast(1).ToArray();

    private byte[] Pkcs8() => _pkcs8PrivateKey ??= _key.ExportPkcs8PrivateKey();

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] SecretPem(string label, byte[] der)
    {
        var chars = PemEncoding.Write(label, der);
        try
        {
            return Encoding.ASCII.GetBytes(chars);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(chars.AsSpan()));
        }
    }

    private static string Pem(ReadOnlyMemory<byte> der) => PemEncoding.WriteString("CERTIFICATE", der.Span);

    private string CertificatePemText() => _certificatePem ??= Pem(_publicCertificate.RawDataMemory);

    private string TrustAnchorPem() => _issuersDer.Length == 0 ? CertificatePemText() : Pem(_issuersDer[^1]);

    private string ChainPem(bool includeRoot)
    {
        var builder = new StringBuilder(CertificatePemText()).Append('\n');
        foreach (var issuer in includeRoot || _issuersDer.Length == 0 ? _issuersDer : _issuersDer[..^1])
        {
            builder.Append(Pem(issuer)).Append('\n');
        }

        return builder.ToString();
    }

    private byte[] PfxBytes() => _pfx ??= PfxCollection().ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, PfxPassword)
        ?? throw new CryptographicException("PKCS#12 export returned nothing.");

    private X509Certificate2Collection PfxCollection()
    {
        var collection = new X509Certificate2Collection(CertificateWithKey());
        collection.AddRange(IntermediateCertificates());
        return collection;
    }

    private string WriteOnce(string fileName, Func<byte[]> content, bool secret)
    {
        if (_paths.TryGetValue(fileName, out var path))
        {
            return path;
        }

        var bytes = content();
        try
        {
            path = _directory.Write(fileName, bytes, secret);
        }
        finally
        {
            if (secret)
            {
                // The copies of the key made for the file are wiped as soon as it is on disk.
                CryptographicOperations.ZeroMemory(bytes);
            }
        }

        _paths[fileName] = path;
        return path;
    }

    private T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return read();
        }
    }
}
