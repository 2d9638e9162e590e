using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertKit.Building;
using CertKit.Revocation;
using CertKit.Trust;
using Microsoft.Extensions.Logging;

namespace CertKit;

/// <summary>
/// A certificate authority for tests: a root (or an intermediate under one) with its key, that issues server and
/// client certificates and configures TLS clients and servers to trust it, and only it.
/// </summary>
/// <example>
/// <code>
/// using var ca = TestCertificateAuthority.Create();
/// using var server = ca.IssueServerCertificate("localhost");
/// var clientOptions = ca.CreateClientOptions("localhost");   // trusts this CA only; no machine store
/// </code>
/// </example>
/// <remarks>
/// Disposing an authority disposes every certificate and intermediate it issued that is still alive, so a test
/// that disposes only the authority still leaves nothing behind. All members are thread-safe.
/// </remarks>
public sealed class TestCertificateAuthority : IDisposable, IAsyncDisposable
{
    private static readonly Lazy<TestCertificateAuthority> SharedInstance = new(CreateShared);

    private readonly Lock _gate = new();
    private readonly HashSet<string> _serialNumbers = [];
    private readonly HashSet<IDisposable> _issued = [];
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Action? _onDisposed;
    private readonly RevocationState _revocation;
    private readonly RevocationResponder? _responder;
    private readonly (Uri Crl, Uri Ocsp)? _endpoints;
    private readonly string? _responderId;
    private int _crlFiles;
    private bool _isShared;
    private bool _disposed;

    private TestCertificateAuthority(
        TemporaryCertificate certificate, TimeProvider timeProvider, ILogger logger, Action? onDisposed, RevocationResponder? responder)
    {
        Certificate = certificate;
        _timeProvider = timeProvider;
        _logger = logger;
        _onDisposed = onDisposed;
        _revocation = new RevocationState(certificate.AsIssuer, timeProvider);
        _responder = responder;
        if (responder is not null)
        {
            var (subject, publicKey) = certificate.OcspIdentity;
            var (id, crl, ocsp) = responder.Register(new RevocationAuthority(
                certificate.AsIssuer, subject, publicKey, WasIssued, _revocation, timeProvider));
            _responderId = id;
            _endpoints = (crl, ocsp);
        }
    }

    /// <summary>The authority's own certificate, with its key and every export (PEM, PFX, chain files).</summary>
    /// <remarks>For a root, <c>Certificate.CertificatePemPath</c> is the CA file clients trust; for any authority, <c>Certificate.TrustAnchorPemPath</c> is.</remarks>
    public TemporaryCertificate Certificate { get; }

    /// <summary>
    /// A root authority with every default, made once per process on first use and shared by everyone who asks, so
    /// that a certificate issued from it costs one key and one signature. <see cref="Dispose"/> does nothing on it;
    /// what it made is deleted when the process exits.
    /// </summary>
    /// <remarks>Use it when tests only need "some trusted CA"; create your own when a test needs its own trust boundary.</remarks>
    public static TestCertificateAuthority Shared => SharedInstance.Value;

    /// <summary>Creates a self-signed root authority with every default of <see cref="CertificateAuthorityOptions"/>.</summary>
    /// <returns>A new authority; dispose it to dispose everything it issued.</returns>
    public static TestCertificateAuthority Create() => Create(new CertificateAuthorityOptions());

    /// <summary>Creates a self-signed root authority as the options describe.</summary>
    /// <param name="options">What to make. Read once.</param>
    /// <returns>A new authority; dispose it to dispose everything it issued.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names the bad value.</exception>
    public static TestCertificateAuthority Create(CertificateAuthorityOptions options)
    {
        var spec = CertificateSpec.From(options, DefaultSubject("Root"));
        return new TestCertificateAuthority(
            TemporaryCertificate.SelfSigned(spec), spec.TimeProvider, spec.Logger, onDisposed: null, options.RevocationResponder);
    }

    /// <summary>Creates an intermediate authority signed by this one, with every default of <see cref="CertificateAuthorityOptions"/>.</summary>
    /// <returns>The intermediate; disposed with this authority if not before.</returns>
    public TestCertificateAuthority CreateIntermediate() => CreateIntermediate(new CertificateAuthorityOptions
    {
        TimeProvider = _timeProvider,
        Logger = _logger,
        RevocationResponder = _responder,
    });

    /// <summary>Creates an intermediate authority signed by this one, as the options describe.</summary>
    /// <param name="options">What to make. Read once.</param>
    /// <returns>The intermediate; disposed with this authority if not before.</returns>
    /// <exception cref="ArgumentException">An option is invalid, or asks for a <c>NotAfter</c> later than this authority's; the message names the bad value.</exception>
    public TestCertificateAuthority CreateIntermediate(CertificateAuthorityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spec = WithinValidity(CertificateSpec.From(options, DefaultSubject("Intermediate")), options.NotAfter is not null);
        return Track(onDisposed =>
        {
            var certificate = IssueCertificate(spec, onDisposed: null);
            return new TestCertificateAuthority(
                certificate, spec.TimeProvider, spec.Logger, onDisposed, options.RevocationResponder ?? _responder);
        });
    }

    /// <summary>Issues a server certificate (EKU serverAuth) for the given names, with the authority's clock and logger.</summary>
    /// <param name="subjectAlternativeNames">DNS names, wildcards, IPv4 or IPv6 addresses; none means <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>.</param>
    /// <returns>The certificate, with <see cref="TemporaryCertificate.Intermediates"/> and <see cref="TemporaryCertificate.TrustAnchor"/> set.</returns>
    /// <exception cref="ArgumentException">A name is empty or malformed; the message names it.</exception>
    public TemporaryCertificate IssueServerCertificate(params string[] subjectAlternativeNames)
    {
        var options = TemporaryCertificateOptions.ForNames(subjectAlternativeNames);
        options.TimeProvider = _timeProvider;
        options.Logger = _logger;
        return Issue(options);
    }

    /// <summary>Issues a client certificate (EKU clientAuth) for mutual TLS, with the authority's clock and logger.</summary>
    /// <param name="commonName">The subject's common name, such as <c>alice</c> or <c>billing-service</c>.</param>
    /// <param name="subjectAlternativeNames">Optional names: email addresses (<c>alice@example.test</c>), URIs (<c>spiffe://example.test/billing</c>), user principal names (<c>upn:alice@example.test</c>), DNS names or IP addresses.</param>
    /// <returns>The certificate, with its chain.</returns>
    /// <exception cref="ArgumentException">The common name is empty, or a name is malformed; the message names it.</exception>
    public TemporaryCertificate IssueClientCertificate(string commonName, params string[] subjectAlternativeNames)
    {
        if (string.IsNullOrWhiteSpace(commonName))
        {
            throw new ArgumentException($"Client certificate common name '{commonName}' is empty.", nameof(commonName));
        }

        var options = TemporaryCertificateOptions.ForNames(subjectAlternativeNames);
        options.TimeProvider = _timeProvider;
        options.Logger = _logger;
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        subject.AddOrganizationName(Defaults.Organization);
        var spec = CertificateSpec.From(options, defaultNames: [], defaultUsages: [Defaults.ClientAuthenticationOid]) with { Subject = subject.Build() };
        return IssueTracked(WithinValidity(spec, notAfterGiven: false));
    }

    /// <summary>Issues a certificate as the options describe (names, key, validity, usages), signed by this authority.</summary>
    /// <param name="options">What to make. With no <see cref="TemporaryCertificateOptions.ExtendedKeyUsages"/> it is a server certificate.</param>
    /// <returns>The certificate, with its chain.</returns>
    /// <exception cref="ArgumentException">An option is invalid, or asks for a <c>NotAfter</c> later than this authority's; the message names the bad value.</exception>
    public TemporaryCertificate Issue(TemporaryCertificateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return IssueTracked(WithinValidity(CertificateSpec.From(options), options.NotAfter is not null));
    }

    /// <summary>
    /// Revokes a certificate this authority issued (a leaf, or an intermediate's <see cref="Certificate"/>): it appears in the
    /// next CRL and OCSP answers say revoked.
    /// </summary>
    /// <param name="certificate">A certificate issued by this authority.</param>
    /// <param name="reason">The CRL reason code.</param>
    /// <param name="revocationTime">When it was revoked; <see langword="null"/> for now, by this authority's clock.</param>
    /// <exception cref="ArgumentException">This authority did not issue <paramref name="certificate"/>; the message names it.</exception>
    public void Revoke(TemporaryCertificate certificate, X509RevocationReason reason = X509RevocationReason.KeyCompromise, DateTimeOffset? revocationTime = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var serial = certificate.SerialHex;
        var issuedHere = certificate.IssuerName.RawData.AsSpan().SequenceEqual(Certificate.Spec.Subject.RawData) && WasIssued(serial);
        if (!issuedHere)
        {
            throw new ArgumentException($"{certificate} was not issued by {this}; only its issuer can revoke it.", nameof(certificate));
        }

        _revocation.Revoke(Convert.FromHexString(serial), revocationTime ?? _timeProvider.GetUtcNow(), reason);
    }

    /// <summary>A certificate revocation list (DER) of everything this authority revoked so far, signed now and valid for an hour.</summary>
    /// <returns>A new CRL on each call, with a higher CRL number.</returns>
    public byte[] ExportCrl() => _revocation.BuildCrl();

    /// <summary>The same as <see cref="ExportCrl"/>, in PEM form (<c>-----BEGIN X509 CRL-----</c>).</summary>
    /// <returns>The PEM text.</returns>
    public string ExportCrlPem() => PemEncoding.WriteString("X509 CRL", ExportCrl());

    /// <summary>Writes a fresh CRL (DER) into the authority's directory and returns its path; deleted with the authority.</summary>
    /// <returns>The full path of the new file.</returns>
    public string ExportCrlFile() =>
        Certificate.WriteFile($"crl-{Interlocked.Increment(ref _crlFiles)}.crl", ExportCrl());

    /// <summary>
    /// A chain policy that trusts this authority's root and nothing else: no machine or user store. Revocation is checked
    /// online when the authority has a <see cref="CertificateAuthorityOptions.RevocationResponder"/>, not at all otherwise.
    /// </summary>
    /// <returns>A new policy on each call.</returns>
    public X509ChainPolicy CreateChainPolicy() => TrustWiring.TrustOnly(TrustAnchorCopy(), CheckRevocation);

    /// <summary>Options for an <see cref="SslStream"/> client that trusts this authority only, optionally presenting a client certificate.</summary>
    /// <param name="targetHost">The host name or IP address the client expects the server certificate to name.</param>
    /// <param name="clientCertificate">A certificate to present for mutual TLS (its intermediates are sent too), or <see langword="null"/>.</param>
    /// <returns>New options on each call.</returns>
    public SslClientAuthenticationOptions CreateClientOptions(string targetHost, TemporaryCertificate? clientCertificate = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetHost);
        return TrustWiring.ClientOptions(targetHost, TrustAnchorCopy(), clientCertificate, CheckRevocation);
    }

    /// <summary>
    /// Options for an <see cref="SslStream"/> server presenting <paramref name="serverCertificate"/> with its intermediates,
    /// and, for mutual TLS, requiring a client certificate that chains to this authority's root.
    /// </summary>
    /// <param name="serverCertificate">The server's certificate, usually issued by this authority.</param>
    /// <param name="requireClientCertificate">Whether a client must present a certificate from this authority (mutual TLS).</param>
    /// <returns>New options on each call.</returns>
    public SslServerAuthenticationOptions CreateServerOptions(TemporaryCertificate serverCertificate, bool requireClientCertificate = true)
    {
        ArgumentNullException.ThrowIfNull(serverCertificate);
        return TrustWiring.ServerOptions(serverCertificate, requireClientCertificate ? TrustAnchorCopy() : null, CheckRevocation);
    }

    /// <summary>An <see cref="HttpClient"/> handler that trusts this authority only, optionally presenting a client certificate.</summary>
    /// <param name="clientCertificate">A certificate to present for mutual TLS, or <see langword="null"/>.</param>
    /// <returns>A new handler; the caller owns it (an <see cref="HttpClient"/> built on it disposes it).</returns>
    public SocketsHttpHandler CreateHttpHandler(TemporaryCertificate? clientCertificate = null) =>
        TrustWiring.HttpHandler(TrustAnchorCopy(), clientCertificate, CheckRevocation);

    /// <summary>
    /// Environment variables that make programs other than .NET trust this authority's root: <c>SSL_CERT_FILE</c>
    /// (OpenSSL, Ruby, Go on Linux, Python's default context), <c>REQUESTS_CA_BUNDLE</c> (Python requests),
    /// <c>NODE_EXTRA_CA_CERTS</c> (Node.js) and <c>CURL_CA_BUNDLE</c> (curl). Add them to a <c>ProcessStartInfo.Environment</c>.
    /// </summary>
    /// <remarks>They point at <see cref="TemporaryCertificate.TrustAnchorPemPath"/> of <see cref="Certificate"/>, which exists until this authority is disposed.</remarks>
    /// <returns>A new dictionary on each call.</returns>
    public IReadOnlyDictionary<string, string> CreateEnvironmentVariables() => TrustWiring.EnvironmentVariables(Certificate.TrustAnchorPemPath);

    /// <summary>
    /// Disposes every certificate and intermediate this authority issued that is still alive, then its own certificate.
    /// Does nothing on <see cref="Shared"/>.
    /// </summary>
    public void Dispose()
    {
        if (!_isShared)
        {
            DisposeCore();
        }
    }

    private static TestCertificateAuthority CreateShared()
    {
        var shared = Create();
        shared._isShared = true;
        shared.Certificate.ProtectFromDispose();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => shared.DisposeCore();
        return shared;
    }

    private void DisposeCore()
    {
        IDisposable[] issued;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            issued = [.. _issued];
            _issued.Clear();
        }

        foreach (var item in issued)
        {
            item.Dispose();
        }

        Certificate.DisposeCore();
        if (_responderId is not null)
        {
            _responder?.Unregister(_responderId);
        }
        _onDisposed?.Invoke();
    }

    /// <summary>Same as <see cref="Dispose"/>.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString() => $"TestCertificateAuthority {Certificate.Spec.Subject.Name}";

    internal TimeProvider TimeProvider => _timeProvider;

    internal ILogger Logger => _logger;

    internal TemporaryCertificate IssueTracked(CertificateSpec spec) => Track(onDisposed => IssueCertificate(spec, onDisposed));

    /// <summary>Makes something this authority disposes with itself, such as a <see cref="BrokenCertificate"/> made for it.</summary>
    internal T Own<T>(Func<T> create)
        where T : IDisposable => Track(_ => create());

    private bool CheckRevocation => _responder is not null;

    private bool WasIssued(string serialHex)
    {
        lock (_gate)
        {
            return _serialNumbers.Contains(serialHex);
        }
    }

    private static string DefaultSubject(string kind) =>
        $"CN=CertKit Test {kind} CA {Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}, O={Defaults.Organization}";

    private TemporaryCertificate IssueCertificate(CertificateSpec spec, Action? onDisposed)
    {
        byte[] serial;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            do
            {
                serial = SerialNumber.CreateRandom();
            }
            while (!_serialNumbers.Add(Convert.ToHexString(serial)));
        }

        var published = _endpoints is null ? spec : spec with { RevocationEndpoints = _endpoints };
        return TemporaryCertificate.Issue(published, Certificate, serial, onDisposed ?? (() => { }));
    }

    private T Track<T>(Func<Action, T> create)
        where T : IDisposable
    {
        T? created = default;
        var item = create(() =>
        {
            lock (_gate)
            {
                _issued.Remove(created!);
            }
        });
        created = item;
        bool disposed;
        lock (_gate)
        {
            disposed = _disposed;
            if (!disposed)
            {
                _issued.Add(item);
            }
        }

        if (disposed)
        {
            // Disposed while this was being made: undo it outside the lock, then say so.
            item.Dispose();
            throw new ObjectDisposedException(GetType().FullName);
        }

        return item;
    }

    /// <summary>A leaf never outlives its issuer: a default NotAfter is cut to the issuer's; an explicit one past it is an error.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2208", Justification = "The error names the option property the user set.")]
    private CertificateSpec WithinValidity(CertificateSpec spec, bool notAfterGiven)
    {
        var issuerNotAfter = Certificate.Spec.NotAfter;
        if (spec.NotAfter <= issuerNotAfter)
        {
            return spec;
        }

        if (notAfterGiven)
        {
            throw new ArgumentOutOfRangeException(
                nameof(TemporaryCertificateOptions.NotAfter),
                spec.NotAfter,
                $"NotAfter {spec.NotAfter:O} is later than the issuing authority's NotAfter {issuerNotAfter:O}; a certificate cannot outlive its issuer.");
        }

        if (spec.NotBefore >= issuerNotAfter)
        {
            throw new ArgumentOutOfRangeException(
                nameof(TemporaryCertificateOptions.NotBefore),
                spec.NotBefore,
                $"NotBefore {spec.NotBefore:O} is not before the issuing authority's NotAfter {issuerNotAfter:O}.");
        }

        return spec with { NotAfter = issuerNotAfter };
    }

    private X509Certificate2 TrustAnchorCopy() => X509CertificateLoader.LoadCertificate(Certificate.TrustAnchor.RawDataMemory.Span);
}
