using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
/// await sslStream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = cert.Certificate });
/// </code>
/// </example>
/// <remarks>
/// Files are written on first use of a path property, into a per-instance directory under the system temp
/// directory that only the current user can open (0700); the key and PFX files are 0600. All members are
/// thread-safe; after <see cref="Dispose"/> every member but <see cref="Dispose"/> and <see cref="DisposeAsync"/>
/// throws <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class TemporaryCertificate : IDisposable, IAsyncDisposable
{
    private const string CertificateFileName = "certificate.pem";
    private const string PrivateKeyFileName = "private-key.pem";
    private const string PfxFileName = "certificate.pfx";

    private readonly Lock _gate = new();
    private readonly CertificateSpec _spec;
    private readonly X509Certificate2 _certificate;
    private readonly byte[] _pkcs8PrivateKey;
    private readonly TemporaryDirectory _directory;
    private string? _certificatePem;
    private string? _privateKeyPem;
    private byte[]? _pfx;
    private string? _certificatePemPath;
    private string? _privateKeyPemPath;
    private string? _pfxPath;
    private bool _disposed;

    private TemporaryCertificate(CertificateSpec spec)
    {
        _spec = spec;
        (_certificate, _pkcs8PrivateKey) = CertificateFactory.CreateSelfSigned(spec);
        _directory = new TemporaryDirectory(spec.Logger);
        PfxPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        Log.CertificateCreated(
            spec.Logger, spec.Subject.Name, spec.Names, spec.KeyAlgorithm, _certificate.SerialNumber, spec.NotBefore, spec.NotAfter);
    }

    /// <summary>Creates a certificate for <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c> with every default of <see cref="TemporaryCertificateOptions"/>.</summary>
    /// <returns>A new certificate; dispose it to delete its files and key.</returns>
    public static TemporaryCertificate Create() => Create(new TemporaryCertificateOptions());

    /// <summary>Creates a certificate for the given names with every other default of <see cref="TemporaryCertificateOptions"/>.</summary>
    /// <param name="subjectAlternativeNames">DNS names, wildcard DNS names, IPv4 or IPv6 addresses, such as <c>"api.test", "10.1.2.3"</c>.</param>
    /// <returns>A new certificate; dispose it to delete its files and key.</returns>
    /// <exception cref="ArgumentException">A name is empty or malformed; the message names it.</exception>
    public static TemporaryCertificate Create(params string[] subjectAlternativeNames)
    {
        ArgumentNullException.ThrowIfNull(subjectAlternativeNames);
        var options = new TemporaryCertificateOptions();
        foreach (var name in subjectAlternativeNames)
        {
            options.SubjectAlternativeNames.Add(name);
        }

        return Create(options);
    }

    /// <summary>Creates a certificate as the options describe.</summary>
    /// <param name="options">What to make. Read once; later changes to it have no effect on this certificate.</param>
    /// <returns>A new certificate; dispose it to delete its files and key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or one of its required members is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid; the message names the bad value. Nothing was created.</exception>
    public static TemporaryCertificate Create(TemporaryCertificateOptions options) => new(CertificateSpec.From(options));

    /// <summary>The certificate with its private key, ready to be a <see cref="System.Net.Security.SslStream"/> server certificate.</summary>
    /// <remarks>Owned by this instance and disposed with it: do not dispose it yourself.</remarks>
    public X509Certificate2 Certificate => Read(() => _certificate);

    /// <summary>The certificate in PEM form (<c>-----BEGIN CERTIFICATE-----</c>).</summary>
    public string CertificatePem => Read(() => _certificatePem ??= _certificate.ExportCertificatePem());

    /// <summary>The private key in unencrypted PKCS#8 PEM form (<c>-----BEGIN PRIVATE KEY-----</c>).</summary>
    public string PrivateKeyPem => Read(() => _privateKeyPem ??= PemEncoding.WriteString("PRIVATE KEY", _pkcs8PrivateKey));

    /// <summary>The certificate in DER form: the raw bytes of the X.509 structure.</summary>
    public ReadOnlyMemory<byte> CertificateDer => Read(() => _certificate.RawDataMemory);

    /// <summary>The private key in unencrypted PKCS#8 DER form. Zeroed when this instance is disposed.</summary>
    public ReadOnlyMemory<byte> PrivateKeyPkcs8 => Read(() => (ReadOnlyMemory<byte>)_pkcs8PrivateKey);

    /// <summary>
    /// The certificate and its key as PKCS#12, encrypted with <see cref="PfxPassword"/> using AES-256-CBC and
    /// SHA-256 (PBES2), which current OpenSSL, Java and .NET read. Zeroed when this instance is disposed.
    /// </summary>
    public ReadOnlyMemory<byte> Pfx => Read(() => (ReadOnlyMemory<byte>)PfxBytes());

    /// <summary>The password of <see cref="Pfx"/> and <see cref="PfxPath"/>: 32 random hexadecimal characters, new for each instance.</summary>
    public string PfxPassword { get; }

    /// <summary>The full path of a PEM file holding the certificate, written on first access.</summary>
    public string CertificatePemPath => Read(() => _certificatePemPath ??= _directory.Write(
        CertificateFileName, System.Text.Encoding.ASCII.GetBytes(_certificatePem ??= _certificate.ExportCertificatePem()), secret: false));

    /// <summary>The full path of an owner-only (0600) PKCS#8 PEM file holding the private key, written on first access.</summary>
    public string PrivateKeyPemPath => Read(() => _privateKeyPemPath ??= WritePrivateKeyPem());

    /// <summary>The full path of an owner-only (0600) PFX file, encrypted with <see cref="PfxPassword"/>, written on first access.</summary>
    public string PfxPath => Read(() => _pfxPath ??= _directory.Write(PfxFileName, PfxBytes(), secret: true));

    /// <summary>Deletes the files and the directory, and disposes the certificate and its key. Safe to call more than once, from any thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            var subject = _certificate.Subject;
            var deleted = _directory.Delete();
            _certificate.Dispose();
            CryptographicOperations.ZeroMemory(_pkcs8PrivateKey);
            if (_pfx is not null)
            {
                CryptographicOperations.ZeroMemory(_pfx);
            }

            Log.CertificateDisposed(_spec.Logger, subject, deleted ?? "(none written)");
        }
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

    private byte[] PfxBytes() =>
        _pfx ??= _certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, PfxPassword);

    private string WritePrivateKeyPem()
    {
        // The PEM copies of the key are wiped as soon as they are on disk.
        var pem = PemEncoding.Write("PRIVATE KEY", _pkcs8PrivateKey);
        var bytes = System.Text.Encoding.ASCII.GetBytes(pem);
        try
        {
            return _directory.Write(PrivateKeyFileName, bytes, secret: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pem.AsSpan()));
        }
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
