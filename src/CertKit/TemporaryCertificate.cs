using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertKit.Building;
using CertKit.Files;
using CertKit.Logging;

namespace CertKit;

/// <summary>
/// A certificate for tests: an <see cref="X509Certificate2"/> with its private key, its PEM texts and, when asked, PEM
/// files for code that wants paths. Everything it made, files and key, is gone when it is disposed.
/// </summary>
/// <example>
/// <code>
/// using var cert = TemporaryCertificate.Create();          // self-signed for localhost, 127.0.0.1, ::1
/// var serverOptions = cert.Trust.CreateServerOptions(cert);
/// var clientOptions = cert.Trust.CreateClientOptions("localhost");
/// </code>
/// </example>
/// <remarks>
/// <para>
/// Made self-signed by <see cref="Create(string[])"/>, or issued by a <see cref="TestCertificateAuthority"/>; then it also
/// knows the chain above it (<see cref="Intermediates"/>, <see cref="TrustAnchor"/>).
/// </para>
/// <para>
/// No property does I/O. Files are written only by <see cref="WriteFiles()"/> and <see cref="WritePfxFile"/>, into the
/// process's directory under the system temp directory, which only the current user can open (0700), under a file-name
/// prefix of this certificate's own; the key and PFX files are 0600 from the moment they are created. All members are thread-safe; after <see cref="Dispose"/> every member
/// but <see cref="ToString"/> and <see cref="Dispose"/> throws <see cref="ObjectDisposedException"/>.
/// </para>
/// </remarks>
public sealed class TemporaryCertificate : IDisposable
{
    private const string PfxFileName = "certificate.pfx";
    private const string TrustAnchorFileName = "trust-anchor.pem";

    private readonly Lock _gate = new();
    private readonly CertificateSpec _spec;
    // DER first: an X509Certificate2 costs more to decode than the certificate cost to sign, and a fixture that only writes
    // files never needs one. _publicCertificate is made from _der on first use.
    private readonly byte[] _der;
    private readonly byte[] _serial;
    private readonly X500DistinguishedName _issuerName;
    private X509Certificate2? _publicCertificate;
    private readonly AsymmetricAlgorithm _key;
    private readonly byte[] _subjectKeyIdentifier;
    private readonly ReadOnlyMemory<byte>[] _issuersDer;
    private readonly TemporaryDirectory _directory;
    private CertificateTrust _trust;
    private Action? _onDisposed;
    private bool _protectedFromDispose;
    private CertificateFiles? _files;
    private string? _trustAnchorFile;
    // Made by the first WriteFiles(directory, owner): most certificates never place files for a server.
    private Dictionary<string, PlacedFiles>? _placed;
    private (string Path, string Password)? _pfxFile;
    private X509Certificate2? _certificate;
    private X509Certificate2[]? _issuers;
    private string? _certificatePem;
    private SslStreamCertificateContext? _serverContext;
    private SslStreamCertificateContext? _staplingContext;
    private bool _disposed;

    private TemporaryCertificate(
        CertificateSpec spec, byte[] der, byte[] serial, X500DistinguishedName issuerName, AsymmetricAlgorithm key, byte[] subjectKeyIdentifier, ReadOnlyMemory<byte>[] issuersDer)
    {
        _spec = spec;
        _der = der;
        _serial = serial;
        _issuerName = issuerName;
        _key = key;
        _subjectKeyIdentifier = subjectKeyIdentifier;
        _issuersDer = issuersDer;
        _directory = new TemporaryDirectory(spec.Logger);
        ProcessDirectory.Prepare(); // the first certificate of a process starts the identity probe and the sweep, off this path
        _trust = new CertificateTrust(this, checkRevocation: spec.RevocationEndpoints is not null);
        if (spec.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            // Formatting the subject and serial costs more than the rest of the bookkeeping: only when someone listens.
            Log.CertificateCreated(
                spec.Logger, spec.Subject.Name, spec.Names.Count == 0 ? "no names" : string.Join(", ", spec.Names), spec.KeyAlgorithm, SerialHex, spec.NotBefore, spec.NotAfter);
        }
    }

    /// <summary>Creates a self-signed server certificate for the given names with every other default of <see cref="CertificateOptions"/>.</summary>
    /// <param name="subjectAlternativeNames">DNS names, wildcard DNS names, IPv4 or IPv6 addresses, such as <c>"api.test", "10.1.2.3"</c>; none means <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>.</param>
    /// <returns>A new certificate; dispose it to delete its files and key.</returns>
    /// <exception cref="ArgumentNullException">The array or one of its names is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A name is empty or malformed, or none is a DNS name or IP address; the message names it.</exception>
    public static TemporaryCertificate Create(params string[] subjectAlternativeNames) =>
        Create(CertificateOptions.ForNames(subjectAlternativeNames, CertificatePurpose.Server));

    /// <summary>Creates a self-signed certificate as the options describe.</summary>
    /// <param name="options">What to make. Read once; later changes to it have no effect on this certificate.</param>
    /// <returns>A new certificate; dispose it to delete its files and key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or one of its required members is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid; the message names the bad value. Nothing was created.</exception>
    public static TemporaryCertificate Create(CertificateOptions options) => SelfSigned(CertificateSpec.ForCertificate(options, issuer: null));

    /// <summary>The certificate with its private key, ready to be a <see cref="SslStream"/> server or client certificate.</summary>
    /// <remarks>Owned by this instance and disposed with it: do not dispose it yourself.</remarks>
    public X509Certificate2 Certificate => Read(CertificateWithKey);

    /// <summary>The certificates between this one and its <see cref="TrustAnchor"/>, nearest first; empty when self-signed or issued by a root.</summary>
    /// <returns>A new collection on each call; its certificates are owned by this instance.</returns>
    public X509Certificate2Collection Intermediates => Read(() => new X509Certificate2Collection(IntermediateCertificates()));

    /// <summary>The root a client must trust to accept this certificate: the issuing chain's root CA, or this certificate itself when self-signed.</summary>
    public X509Certificate2 TrustAnchor => Read(() => _issuersDer.Length == 0 ? CertificateWithKey() : IssuerCertificates()[^1]);

    /// <summary>
    /// What to trust to accept this certificate: its <see cref="TrustAnchor"/> and nothing else. For a self-signed certificate,
    /// the certificate itself; for an issued one, the root of its authority (and revocation is checked when that authority has a responder).
    /// </summary>
    public CertificateTrust Trust => Read(() => _trust);

    /// <summary>The certificate in PEM form (<c>-----BEGIN CERTIFICATE-----</c>), ending with a newline.</summary>
    public string CertificatePem => Read(CertificatePemText);

    /// <summary>This certificate, then its <see cref="Intermediates"/>, in PEM form: what a server sends.</summary>
    public string ChainPem => Read(() => ChainPemText(includeRoot: false));

    /// <summary>This certificate, its <see cref="Intermediates"/> and its <see cref="TrustAnchor"/>, in PEM form.</summary>
    public string FullChainPem => Read(() => ChainPemText(includeRoot: true));

    /// <summary>The private key in unencrypted PKCS#8 PEM form (<c>-----BEGIN PRIVATE KEY-----</c>), ending with a newline.</summary>
    public string PrivateKeyPem => Read(() => _key.ExportPkcs8PrivateKeyPem() + "\n");

    /// <summary>
    /// Writes the PEM files (<see cref="CertificateFiles"/>) into the process's owner-only directory, under a file-name prefix of
    /// this certificate's own, the first time it is called; later calls return the same files. They are deleted when this
    /// certificate is disposed (the directory, shared by the process's certificates, when the process exits).
    /// </summary>
    /// <returns>The paths of the files.</returns>
    /// <exception cref="IOException">A file cannot be written; the message names the path.</exception>
    public CertificateFiles WriteFiles() => Read(() => _files ??= WritePemFiles(_directory, _trustAnchorFile));

    /// <summary>
    /// Writes the same PEM files into a new owner-only directory inside <paramref name="directory"/>, given to the user a
    /// server runs as: for servers that read their certificate as their own user (PostgreSQL insists on owning its key;
    /// Mosquitto and MariaDB drop to their user before reading), and for a folder mounted into a container. Written the
    /// first time for a directory and owner; later calls return the same files. Deleted when this certificate is disposed.
    /// </summary>
    /// <param name="directory">An existing directory, such as a server's data directory or a container mount; a new <c>certkit-*</c> directory is made in it.</param>
    /// <param name="owner">
    /// The user to give the directory and files to, as <c>chown</c> takes it: a name such as <c>postgres</c> (with its primary
    /// group), <c>user:group</c>, or numeric ids such as <c>999:999</c> for a container's user (<c>999</c> alone leaves the group); <see langword="null"/> keeps the current user. Needs root (or CAP_CHOWN) and a Unix system.
    /// </param>
    /// <returns>The paths of the files; <see cref="CertificateFiles.Directory"/> is the new directory (0700, the key 0600, the rest 0644).</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> does not exist, or <paramref name="owner"/> is no user of this system; the message names it.</exception>
    /// <exception cref="IOException">A file cannot be written or given away; the message names the path and the reason. Nothing is left behind.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="owner"/> is set on Windows.</exception>
    public CertificateFiles WriteFiles(string directory, string? owner = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var fullPath = Path.GetFullPath(directory);
        if (!Directory.Exists(fullPath))
        {
            throw new ArgumentException($"Directory '{directory}' does not exist; create it first (CertKit makes its own directory inside it).", nameof(directory));
        }

        FileOwner? fileOwner = owner is null ? null : FileOwner.Parse(owner, nameof(owner));
        return Read(() =>
        {
            var key = fullPath + "\0" + owner;
            if (_placed?.TryGetValue(key, out var placed) == true)
            {
                return placed.Files;
            }

            var target = new TemporaryDirectory(_spec.Logger, fullPath);
            try
            {
                var files = WritePemFiles(target, writtenTrustAnchor: null);
                if (fileOwner is { } given)
                {
                    target.GiveTo(given);
                }

                (_placed ??= new(StringComparer.Ordinal))[key] = new PlacedFiles(target, files);
                return files;
            }
            catch
            {
                target.Delete();
                throw;
            }
        });
    }

    /// <summary>
    /// Writes the certificate, its key and its <see cref="Intermediates"/> as an owner-only (0600) PFX file encrypted with
    /// <paramref name="password"/> (AES-256-CBC with SHA-256), the first time it is called; later calls with the same password
    /// return the same path. Deleted when this certificate is disposed.
    /// </summary>
    /// <param name="password">The password; must not be empty.</param>
    /// <returns>The full path of <c>certificate.pfx</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="password"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The file was already written with another password.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names the path.</exception>
    public string WritePfxFile(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return Read(() =>
        {
            if (_pfxFile is var (path, written))
            {
                return written == password
                    ? path
                    : throw new InvalidOperationException($"{path} was already written with another password; export a second PFX with ExportPfx.");
            }

            var pfx = ExportPfxCore(password, Pkcs12ExportPbeParameters.Pbes2Aes256Sha256);
            try
            {
                path = _directory.Write(PfxFileName, pfx, secret: true);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pfx);
            }

            _pfxFile = (path, password);
            return path;
        });
    }

    /// <summary>Exports the certificate, its key and its <see cref="Intermediates"/> as PKCS#12 with a password of your choice.</summary>
    /// <param name="password">The password; must not be empty.</param>
    /// <param name="encryption">
    /// How to encrypt: <see cref="Pkcs12ExportPbeParameters.Pbes2Aes256Sha256"/> (AES-256-CBC, SHA-256), which current OpenSSL,
    /// Java and .NET read, or <see cref="Pkcs12ExportPbeParameters.Pkcs12TripleDesSha1"/> for old consumers such as Java 8 or
    /// Windows Server 2016.
    /// </param>
    /// <returns>A new array on each call.</returns>
    /// <exception cref="ArgumentException"><paramref name="password"/> is null or empty.</exception>
    public byte[] ExportPfx(string password, Pkcs12ExportPbeParameters encryption = Pkcs12ExportPbeParameters.Pbes2Aes256Sha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return Read(() => ExportPfxCore(password, encryption));
    }

    internal CertificateSpec Spec => _spec;

    /// <summary>An authority's own certificate hands out the authority's trust, which knows about its responder.</summary>
    internal void ShareTrust(CertificateTrust trust) => Read(() => _trust = trust);

    // The issuer must be in the context for .NET to build the OCSP request, so here the chain includes the root.
    internal SslStreamCertificateContext StaplingContext => Read(() => _staplingContext ??=
        SslStreamCertificateContext.Create(CertificateWithKey(), new X509Certificate2Collection(IssuerCertificates()), offline: false));

    /// <summary>The root this certificate chains to, as DER: what a <see cref="CertificateTrust"/> trusts.</summary>
    internal ReadOnlyMemory<byte> TrustAnchorDer => Read(TrustAnchorDerCore);

    /// <summary>This certificate and its intermediates, as DER, when it is not itself the trust anchor: what a peer may leave out.</summary>
    internal ReadOnlyMemory<byte>[] BelowAnchorDer => Read<ReadOnlyMemory<byte>[]>(() => _issuersDer.Length == 0 ? [] : [_der, .. _issuersDer[..^1]]);

    internal SslStreamCertificateContext ServerContext => Read(() => _serverContext ??=
        SslStreamCertificateContext.Create(CertificateWithKey(), new X509Certificate2Collection(IntermediateCertificates()), offline: true));

    /// <summary>Deletes every file this certificate wrote (and the directories of <see cref="WriteFiles(string, string?)"/>), and disposes the certificate and its key. Safe to call more than once, from any thread.</summary>
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
            foreach (var placed in _placed?.Values ?? Enumerable.Empty<PlacedFiles>())
            {
                placed.Directory.Delete();
            }

            _certificate?.Dispose();
            _publicCertificate?.Dispose();
            _key.Dispose();
            foreach (var issuer in _issuers ?? [])
            {
                issuer.Dispose();
            }

            Log.CertificateDisposed(_spec.Logger, _spec.Subject.Name, deleted ?? "(none written)");
            onDisposed = _onDisposed;
        }

        onDisposed?.Invoke();
    }

    /// <inheritdoc/>
    public override string ToString() => $"TemporaryCertificate {_spec.Subject.Name} [{string.Join(", ", _spec.Names)}]";

    /// <summary>Makes a certificate signed by <paramref name="issuer"/>, which must hold a CA key.</summary>
    internal static TemporaryCertificate Issue(CertificateSpec spec, TemporaryCertificate issuer, byte[] serialNumber, Action onDisposed)
    {
        var key = CertificateFactory.NewKey(spec);
        try
        {
            // Signed under the issuer's lock, so that an issuer being disposed on another thread gives an
            // ObjectDisposedException, never a half-disposed key. The key was generated outside it.
            var (signed, issuerName, chain) = issuer.Read(() =>
            {
                var signer = issuer.AsIssuer();
                // The chain as bytes: the certificates above belong to this instance, whatever happens to the issuer.
                ReadOnlyMemory<byte>[] above = [issuer._der, .. issuer._issuersDer];
                return (CertificateFactory.Sign(spec, key, signer, serialNumber), signer.Name, above);
            });
            return new TemporaryCertificate(spec, signed.Der, signed.Serial, issuerName, key, signed.SubjectKeyIdentifier, chain) { _onDisposed = onDisposed };
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Makes a self-signed certificate: a leaf or a root authority.</summary>
    internal static TemporaryCertificate SelfSigned(CertificateSpec spec)
    {
        var key = CertificateFactory.NewKey(spec);
        try
        {
            var (der, serial, ski) = CertificateFactory.Sign(spec, key, issuer: null, SerialNumber.CreateRandom());
            return new TemporaryCertificate(spec, der, serial, spec.Subject, key, ski, []);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Wraps a certificate and key made elsewhere (an imported authority); takes ownership of both.</summary>
    internal static TemporaryCertificate Adopt(CertificateSpec spec, X509Certificate2 publicCertificate, AsymmetricAlgorithm key, ReadOnlyMemory<byte>[] issuersDer)
    {
        var ski = publicCertificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes.ToArray()
            ?? new X509SubjectKeyIdentifierExtension(publicCertificate.PublicKey, critical: false).SubjectKeyIdentifierBytes.ToArray();
        return new TemporaryCertificate(spec, publicCertificate.RawData, publicCertificate.SerialNumberBytes.ToArray(), publicCertificate.IssuerName, key, ski, issuersDer)
        {
            _publicCertificate = publicCertificate,
        };
    }

    internal Issuer AsIssuer() => new(_spec.Subject, _key, _subjectKeyIdentifier);

    /// <summary>The serial number as the hexadecimal of its DER integer bytes, as authorities and responders key it.</summary>
    internal string SerialHex => Convert.ToHexString(_serial);

    internal X500DistinguishedName IssuerName => _issuerName;

    /// <summary>The issuer name and public key bits, in the encodings OCSP hashes.</summary>
    internal (byte[] SubjectDer, byte[] PublicKey) OcspIdentity => Read(() =>
        (PublicCertificate().SubjectName.RawData, PublicCertificate().PublicKey.EncodedKeyValue.RawData));

    private X509Certificate2 PublicCertificate() => _publicCertificate ??= X509CertificateLoader.LoadCertificate(_der);

    private X509Certificate2 CertificateWithKey() => _certificate ??= CertificateFactory.WithPrivateKey(PublicCertificate(), _key);

    private X509Certificate2[] IssuerCertificates() =>
        _issuers ??= _issuersDer.Select(der => X509CertificateLoader.LoadCertificate(der.Span)).ToArray();

    // The chain above this certificate but its root: what a server sends, what a PFX carries.
    private X509Certificate2[] IntermediateCertificates() => IssuerCertificates().SkipLast(1).ToArray();

    /// <summary>
    /// The root's PEM file alone, among this certificate's files: what a trust hands to a client. No private key is
    /// written for it, so handing out trust never puts an authority's key on disk.
    /// </summary>
    internal string WriteTrustAnchorFile() => Read(() =>
        _files?.TrustAnchorPath ?? (_trustAnchorFile ??= PemFile.WriteCertificates(_directory, TrustAnchorFileName, [TrustAnchorDerCore()])));

    // All or nothing: a write that fails removes what it wrote, so that the next call can start again.
    private CertificateFiles WritePemFiles(TemporaryDirectory target, string? writtenTrustAnchor)
    {
        var written = new List<string>(5);
        string Add(string path)
        {
            written.Add(path);
            return path;
        }

        try
        {
            var certificate = Add(PemFile.WriteCertificates(target, "certificate.pem", [_der]));
            var key = Add(PemFile.WritePrivateKey(target, "private-key.pem", _key));
            var chain = Add(PemFile.WriteCertificates(target, "chain.pem", ChainDer(includeRoot: false)));
            var fullChain = Add(PemFile.WriteCertificates(target, "fullchain.pem", ChainDer(includeRoot: true)));
            var anchor = writtenTrustAnchor ?? Add(PemFile.WriteCertificates(target, TrustAnchorFileName, [TrustAnchorDerCore()]));
            return new CertificateFiles(Path.GetDirectoryName(certificate)!, certificate, key, chain, fullChain, anchor);
        }
        catch
        {
            foreach (var path in written)
            {
                target.Remove(path);
            }

            throw;
        }
    }

    // This certificate, then the certificates above it (the root only when asked, or when it is the whole chain).
    private ReadOnlyMemory<byte>[] ChainDer(bool includeRoot) =>
        [_der, .. includeRoot || _issuersDer.Length == 0 ? _issuersDer : _issuersDer[..^1]];

    private ReadOnlyMemory<byte> TrustAnchorDerCore() => _issuersDer.Length == 0 ? _der : _issuersDer[^1];

    private static string Pem(ReadOnlyMemory<byte> der) => PemEncoding.WriteString("CERTIFICATE", der.Span) + "\n";

    private string CertificatePemText() => _certificatePem ??= Pem(_der);

    private string ChainPemText(bool includeRoot)
    {
        var builder = new StringBuilder();
        foreach (var der in ChainDer(includeRoot))
        {
            builder.Append(Pem(der));
        }

        return builder.ToString();
    }

    private byte[] ExportPfxCore(string password, Pkcs12ExportPbeParameters encryption)
    {
        var collection = new X509Certificate2Collection(CertificateWithKey());
        collection.AddRange(IntermediateCertificates());
        return collection.ExportPkcs12(encryption, password) ?? throw new CryptographicException("PKCS#12 export returned nothing.");
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

/// <summary>What <see cref="TemporaryCertificate.WriteFiles(string, string?)"/> wrote for one directory and owner.</summary>
internal sealed record PlacedFiles(TemporaryDirectory Directory, CertificateFiles Files);
