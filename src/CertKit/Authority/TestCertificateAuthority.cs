using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertKit.Authority;
using CertKit.Building;
using CertKit.Revocation;
using Microsoft.Extensions.Logging;

namespace CertKit;

/// <summary>
/// A certificate authority for tests: a root (or an intermediate under one) with its key, that issues server and
/// client certificates, revokes them, and hands out the <see cref="Trust"/>: its root, and nothing else.
/// </summary>
/// <example>
/// <code>
/// using var ca = TestCertificateAuthority.Create();
/// using var server = ca.IssueServerCertificate("localhost");
/// var clientOptions = ca.Trust.CreateClientOptions("localhost");   // trusts this CA only; no machine store
/// </code>
/// </example>
/// <remarks>
/// What the authority makes inherits its clock, logger, key algorithm and revocation responder unless the options set them.
/// Disposing an authority disposes every certificate and intermediate it issued that is still alive, so a test that
/// disposes only the authority still leaves nothing behind. All members are thread-safe.
/// </remarks>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Lazy<TestCertificateAuthority> SharedInstance = new(CreateShared);

    private readonly Lock _gate = new();
    private readonly HashSet<string> _serialNumbers = [];
    private readonly HashSet<IDisposable> _issued = [];
    private readonly IssuerContext _context;
    private readonly Action? _onDisposed;
    private readonly RevocationState _revocation;
    private readonly RevocationResponder? _responder;
    private readonly (Uri Crl, Uri Ocsp)? _endpoints;
    private readonly string? _responderId;
    private bool _isShared;
    private bool _disposed;

    private TestCertificateAuthority(TemporaryCertificate certificate, IssuerContext context, Action? onDisposed, RevocationResponder? responder)
    {
        Certificate = certificate;
        _context = context;
        _onDisposed = onDisposed;
        _revocation = new RevocationState(certificate.AsIssuer, context.TimeProvider);
        _responder = responder;
        Trust = new CertificateTrust(certificate, checkRevocation: responder is not null);
        certificate.ShareTrust(Trust);
        if (responder is not null)
        {
            var (subject, publicKey) = certificate.OcspIdentity;
            var (id, crl, ocsp) = responder.Register(new RevocationAuthority(
                certificate.AsIssuer, subject, publicKey, WasIssued, _revocation, context.TimeProvider));
            _responderId = id;
            _endpoints = (crl, ocsp);
        }
    }

    /// <summary>The authority's own certificate, with its key and every export (PEM, PFX, files).</summary>
    public TemporaryCertificate Certificate { get; }

    /// <summary>
    /// What a client or server must trust to accept what this authority issues: its root and nothing else (so an intermediate's
    /// trust also accepts what a sibling intermediate under the same root issues). Checks revocation
    /// online when the authority has a <see cref="CertificateOptions.RevocationResponder"/>.
    /// </summary>
    public CertificateTrust Trust { get; }

    /// <summary>
    /// A root authority with every default, made once per process on first use and shared by everyone who asks, so
    /// that a certificate issued from it costs one key and one signature. <see cref="Dispose"/> does nothing on it;
    /// what it made is deleted when the process exits.
    /// </summary>
    /// <remarks>Use it when tests only need "some trusted CA"; create your own when a test needs its own trust boundary.</remarks>
    public static TestCertificateAuthority Shared => SharedInstance.Value;

    /// <summary>Creates a self-signed root authority as the options describe: by default ECDSA P-256, valid 30 days, with a unique name.</summary>
    /// <param name="options">What to make, or <see langword="null"/> for every default. Read once. <see cref="CertificateOptions.Purpose"/> must be left unset.</param>
    /// <returns>A new authority; dispose it to dispose everything it issued.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names the bad value.</exception>
    public static TestCertificateAuthority Create(CertificateOptions? options = null)
    {
        options ??= new CertificateOptions();
        var spec = CertificateSpec.ForAuthority(options, issuer: null);
        return new TestCertificateAuthority(TemporaryCertificate.SelfSigned(spec), ContextOf(spec), onDisposed: null, options.RevocationResponder);
    }

    /// <summary>
    /// Brings your own CA: an authority from an existing certificate and its private key in PEM form (a long-lived test root,
    /// or an mkcert root). It issues, revokes and hands out trust like one CertKit made; the files you read stay yours.
    /// </summary>
    /// <param name="certificatePem">The authority's certificate; may be followed by the certificates above it, up to the root.</param>
    /// <param name="privateKeyPem">The authority's private key: PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted.</param>
    /// <param name="options">
    /// The context for what it issues: <see cref="CertificateOptions.TimeProvider"/>, <see cref="CertificateOptions.Logger"/>,
    /// <see cref="CertificateOptions.KeyAlgorithm"/> and <see cref="CertificateOptions.RevocationResponder"/>; nothing else may be set.
    /// </param>
    /// <returns>The authority; disposing it disposes what it issued and its copy of the key.</returns>
    /// <remarks>
    /// The chain must end at a self-signed root, which <see cref="Trust"/> then trusts: give an intermediate with the
    /// certificates above it. The certificate's basic constraints are not checked, so that a test can make chains a correct
    /// client must refuse (a leaf that signs), nor its dates: an expired authority imports, and then refuses to issue, saying
    /// when it ended.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// The PEM holds no certificate or no key; the key does not match the certificate (the message names both); or the chain
    /// does not reach a self-signed root.
    /// </exception>
    public static TestCertificateAuthority ImportPem(string certificatePem, string privateKeyPem, CertificateOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(certificatePem);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        var chain = AuthorityImport.ReadCertificates(certificatePem, nameof(certificatePem));
        AsymmetricAlgorithm key;
        try
        {
            key = AuthorityImport.ReadKey(privateKeyPem, nameof(privateKeyPem));
        }
        catch
        {
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }

            throw;
        }

        return Import(chain, key, options, nameof(certificatePem));
    }

    /// <summary>Brings your own CA from a PKCS#12 (PFX) file's bytes: the certificate with its key, and any certificates above it.</summary>
    /// <param name="pfx">The PFX bytes, such as <c>File.ReadAllBytes("ca.pfx")</c>.</param>
    /// <param name="password">Its password, or <see langword="null"/> for none.</param>
    /// <param name="options">As for <see cref="ImportPem"/>.</param>
    /// <returns>The authority; disposing it disposes what it issued and its copy of the key.</returns>
    /// <exception cref="ArgumentException">The PFX cannot be read or holds no certificate with a private key; or as for <see cref="ImportPem"/>.</exception>
    public static TestCertificateAuthority ImportPfx(byte[] pfx, string? password, CertificateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pfx);
        var (chain, key) = AuthorityImport.ReadPfx(pfx, password, nameof(pfx));
        return Import(chain, key, options, nameof(pfx));
    }

    /// <summary>Creates an intermediate authority signed by this one, as the options describe.</summary>
    /// <param name="options">What to make, or <see langword="null"/> for every default. Read once. Unset context (clock, logger, key algorithm, responder) is this authority's.</param>
    /// <returns>The intermediate; disposed with this authority if not before.</returns>
    /// <exception cref="ArgumentException">
    /// An option is invalid, or its validity falls outside this authority's; or it sets a <see cref="CertificateOptions.RevocationResponder"/>
    /// under an authority that has none (clients could not check the intermediate itself). The message names the bad value.
    /// </exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2208", Justification = "The message names the option property the user set.")]
    public TestCertificateAuthority CreateIntermediate(CertificateOptions? options = null)
    {
        options ??= new CertificateOptions();
        if (options.RevocationResponder is not null && _responder is null)
        {
            throw new ArgumentException(
                $"{this} publishes no revocation, so an intermediate under it cannot: clients would find no revocation endpoints on "
                + "the certificates above the intermediate and refuse every chain. Give the responder to the root instead.",
                nameof(CertificateOptions.RevocationResponder));
        }

        var spec = CertificateSpec.ForAuthority(options, _context);
        return Track(onDisposed =>
        {
            var certificate = IssueCertificate(spec, onDisposed: null);
            return new TestCertificateAuthority(certificate, ContextOf(spec), onDisposed, options.RevocationResponder ?? _responder);
        });
    }

    /// <summary>Issues a server certificate (extended key usage serverAuth) for the given names, with this authority's context.</summary>
    /// <param name="subjectAlternativeNames">DNS names, wildcards, IPv4 or IPv6 addresses; none means <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>.</param>
    /// <returns>The certificate, with <see cref="TemporaryCertificate.Intermediates"/> and <see cref="TemporaryCertificate.TrustAnchor"/> set.</returns>
    /// <exception cref="ArgumentException">A name is empty or malformed; the message names it.</exception>
    public TemporaryCertificate IssueServerCertificate(params string[] subjectAlternativeNames) =>
        Issue(CertificateOptions.ForNames(subjectAlternativeNames, CertificatePurpose.Server));

    /// <summary>Issues a client certificate (extended key usage clientAuth) for mutual TLS, with this authority's context.</summary>
    /// <param name="commonName">The subject's common name, such as <c>alice</c> or <c>billing-service</c>: what servers map to a user.</param>
    /// <param name="subjectAlternativeNames">Optional names: email addresses (<c>alice@example.test</c>), URIs (<c>spiffe://example.test/billing</c>), user principal names (<c>upn:alice@example.test</c>), DNS names or IP addresses.</param>
    /// <returns>The certificate, with its chain.</returns>
    /// <exception cref="ArgumentException">The common name is empty, or a name is malformed; the message names it.</exception>
    public TemporaryCertificate IssueClientCertificate(string commonName, params string[] subjectAlternativeNames)
    {
        ArgumentNullException.ThrowIfNull(commonName);
        if (string.IsNullOrWhiteSpace(commonName))
        {
            throw new ArgumentException($"Client certificate common name '{commonName}' is empty; give the user or service name, such as 'alice'.", nameof(commonName));
        }

        var options = CertificateOptions.ForNames(subjectAlternativeNames, CertificatePurpose.Client);
        options.CommonName = commonName;
        return Issue(options);
    }

    /// <summary>Issues a certificate as the options describe (purpose, names, key, validity), signed by this authority.</summary>
    /// <param name="options">What to make. Read once. Unset context (clock, logger, key algorithm) is this authority's.</param>
    /// <returns>The certificate, with its chain.</returns>
    /// <exception cref="ArgumentException">An option is invalid, or its validity falls outside this authority's; the message names the bad value.</exception>
    public TemporaryCertificate Issue(CertificateOptions options)
    {
        var spec = CertificateSpec.ForCertificate(options, _context);
        return Track(onDisposed => IssueCertificate(spec, onDisposed));
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
        ThrowIfDisposed();
        var serial = certificate.SerialHex;
        var issuedHere = certificate.IssuerName.RawData.AsSpan().SequenceEqual(Certificate.Spec.Subject.RawData) && WasIssued(serial);
        if (!issuedHere)
        {
            throw new ArgumentException($"{certificate} was not issued by {this}; only its issuer can revoke it.", nameof(certificate));
        }

        _revocation.Revoke(Convert.FromHexString(serial), revocationTime ?? _context.TimeProvider.GetUtcNow(), reason);
    }

    /// <summary>A certificate revocation list (DER) of everything this authority revoked so far, signed now and valid for an hour.</summary>
    /// <returns>A new CRL on each call, with a higher CRL number.</returns>
    public byte[] ExportCrl()
    {
        ThrowIfDisposed();
        return _revocation.BuildCrl();
    }

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

    /// <inheritdoc/>
    public override string ToString() => $"TestCertificateAuthority {Certificate.Spec.Subject.Name}";

    internal TimeProvider TimeProvider => _context.TimeProvider;

    internal ILogger Logger => _context.Logger;

    /// <summary>Makes something this authority disposes with itself, such as a <see cref="BrokenCertificate"/> made for it.</summary>
    internal T Own<T>(Func<T> create)
        where T : IDisposable => Track(_ => create());

    private static IssuerContext ContextOf(CertificateSpec spec) =>
        new(spec.TimeProvider, spec.Logger, spec.KeyAlgorithm, spec.NotBefore, spec.NotAfter, spec.Subject.Name);

    private static TestCertificateAuthority Import(X509Certificate2[] chain, AsymmetricAlgorithm key, CertificateOptions? options, string paramName)
    {
        options ??= new CertificateOptions();
        try
        {
            AuthorityImport.RefuseBuildOptions(options);
            var certificate = AuthorityImport.MatchKey(chain[0], key);
            AuthorityImport.RequireUsable(chain, options, paramName);
            var spec = AuthorityImport.Spec(certificate, key, options);
            ReadOnlyMemory<byte>[] above = [.. chain.Skip(1).Select(c => (ReadOnlyMemory<byte>)c.RawData)];
            var adopted = TemporaryCertificate.Adopt(spec, certificate, key, above);
            var context = ContextOf(spec) with { KeyAlgorithm = options.KeyAlgorithm ?? spec.KeyAlgorithm };
            return new TestCertificateAuthority(adopted, context, onDisposed: null, options.RevocationResponder);
        }
        catch
        {
            key.Dispose();
            chain[0].Dispose();
            throw;
        }
        finally
        {
            foreach (var extra in chain.Skip(1))
            {
                extra.Dispose();
            }
        }
    }

    private void ThrowIfDisposed()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
        }
    }

    private bool WasIssued(string serialHex)
    {
        lock (_gate)
        {
            return _serialNumbers.Contains(serialHex);
        }
    }

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

}
