using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertKit;

/// <summary>
/// A kind of certificate a correct TLS peer must refuse. Run your own client (or server) against <see cref="All"/> as data
/// rows instead of depending on public hosts like badssl.com. Every case is built with CertKit's public API.
/// </summary>
/// <example>
/// <code>
/// [TestMethod]
/// [DynamicData(nameof(Cases))]
/// public async Task MyClient_BrokenCertificate_Refuses(BrokenCertificateCase brokenCase)
/// {
///     using var ca = TestCertificateAuthority.Create();
///     using var broken = brokenCase.CreateFor(ca);
///     // serve broken.CreateServerOptions(), connect your client trusting broken.Trust, assert it refuses
/// }
/// public static IEnumerable&lt;object[]&gt; Cases => BrokenCertificateCase.All.Select(c => new object[] { c });
/// </code>
/// </example>
/// <remarks>
/// Not every TLS stack refuses every case: .NET's <see cref="SslStream"/> on Linux, for one, accepts a few. The
/// documentation lists, for each case, what .NET and OpenSSL were measured to do.
/// </remarks>
public sealed class BrokenCertificateCase
{
    private const string Host = "localhost";

    private readonly Func<TestCertificateAuthority, BrokenCertificate> _create;

    private BrokenCertificateCase(
        string name, string description, Func<TestCertificateAuthority, BrokenCertificate> create, bool isClientCertificate = false)
    {
        Name = name;
        Description = description;
        IsClientCertificate = isClientCertificate;
        _create = create;
    }

    /// <summary>A server certificate whose validity has ended.</summary>
    public static BrokenCertificateCase Expired { get; } = new(
        "expired",
        "The server certificate's NotAfter is in the past. A correct client refuses it: the chain is not time valid.",
        ca =>
        {
            // Within the authority's own validity, as a real expired certificate is: from its start, for one minute.
            var start = NotBefore(ca);
            var end = start.AddMinutes(1);
            if (end >= ca.TimeProvider.GetUtcNow())
            {
                throw new InvalidOperationException(
                    $"{ca} started at {start:O}, too recently to have issued a certificate that has already ended; give it a NotBefore 2 minutes or more in the past.");
            }

            var options = LeafOptions();
            options.NotBefore = start;
            options.NotAfter = end;
            return Served(ca, ca.Issue(options));
        });

    /// <summary>A server certificate whose validity starts tomorrow.</summary>
    public static BrokenCertificateCase NotYetValid { get; } = new(
        "not-yet-valid",
        "The server certificate's NotBefore is in the future. A correct client refuses it: the chain is not time valid.",
        ca =>
        {
            var options = LeafOptions();
            options.NotBefore = ca.TimeProvider.GetUtcNow().AddDays(1);
            return Served(ca, ca.Issue(options));
        });

    /// <summary>A server certificate from the trusted authority for another host.</summary>
    public static BrokenCertificateCase WrongHost { get; } = new(
        "wrong-host",
        "The certificate is trusted but names wrong.host.test, not localhost. A correct client refuses it: name mismatch.",
        ca => Served(ca, ca.IssueServerCertificate("wrong.host.test")));

    /// <summary>A server certificate from another authority that the client does not trust.</summary>
    public static BrokenCertificateCase UntrustedIssuer { get; } = new(
        "untrusted-issuer",
        "The certificate comes from an authority the client does not trust. A correct client refuses it: the chain ends at an unknown issuer.",
        ca =>
        {
            var stranger = TestCertificateAuthority.Create(AuthorityOptions(ca));
            return Served(ca, stranger.IssueServerCertificate(Host), stranger);
        });

    /// <summary>A server certificate from another authority that has the same subject name as the trusted one.</summary>
    public static BrokenCertificateCase UntrustedIssuerSameName { get; } = new(
        "untrusted-issuer-same-name",
        "The issuer has the trusted authority's exact name but another key. A correct client matches keys, not names, and refuses it.",
        ca =>
        {
            var options = AuthorityOptions(ca);
            var subject = ca.Certificate.Certificate;
            options.CommonName = subject.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            options.Organization = Attribute(subject.SubjectName, "2.5.4.10");
            options.OrganizationalUnit = Attribute(subject.SubjectName, "2.5.4.11");
            var impostor = TestCertificateAuthority.Create(options);
            return Served(ca, impostor.IssueServerCertificate(Host), impostor);
        });

    /// <summary>A self-signed server certificate.</summary>
    public static BrokenCertificateCase SelfSigned { get; } = new(
        "self-signed",
        "The server certificate signs itself. A correct client that trusts only its authority refuses it: untrusted root.",
        ca => Served(ca, TemporaryCertificate.Create(Host)));

    /// <summary>A server certificate whose only extended key usage is client authentication.</summary>
    public static BrokenCertificateCase MissingServerAuthentication { get; } = new(
        "missing-server-auth",
        "The certificate's extended key usage allows client authentication only. A correct client refuses it as a server certificate.",
        ca =>
        {
            var options = LeafOptions();
            options.Purpose = CertificatePurpose.Client;
            return Served(ca, ca.Issue(options));
        });

    /// <summary>A CA certificate (basic constraints CA:TRUE) presented as a server certificate.</summary>
    public static BrokenCertificateCase CertificateAuthorityAsLeaf { get; } = new(
        "ca-as-leaf",
        "The server presents an intermediate authority's certificate (CA:TRUE, keyCertSign and cRLSign only) that names localhost. "
        + "A strict client refuses an authority as an end entity, and a key not allowed to sign handshakes; OpenSSL's verifier does.",
        ca =>
        {
            var options = AuthorityOptions(ca);
            options.CommonName = "CertKit CA used as leaf";
            options.SubjectAlternativeNames.Add(Host);
            options.Extensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
            var authority = ca.CreateIntermediate(options);
            return Served(ca, authority.Certificate, authority);
        });

    /// <summary>A server certificate with a critical extension no client knows.</summary>
    public static BrokenCertificateCase UnknownCriticalExtension { get; } = new(
        "unknown-critical-extension",
        "The server certificate carries a critical extension of a private OID that no client understands. RFC 5280 says a client "
        + "must refuse a certificate with a critical extension it does not recognise.",
        ca =>
        {
            var options = LeafOptions();
            // 1.3.6.1.4.1.55555 is an unassigned private enterprise arc: no TLS stack knows it. The value is an ASN.1 NULL.
            options.Extensions.Add(new X509Extension(new Oid("1.3.6.1.4.1.55555.1"), [0x05, 0x00], critical: true));
            return Served(ca, ca.Issue(options));
        });

    /// <summary>A server certificate signed by an intermediate that is not a CA (basic constraints CA:FALSE).</summary>
    public static BrokenCertificateCase IntermediateWithoutCaRights { get; } = new(
        "intermediate-without-ca-rights",
        "The leaf is signed by a certificate whose basic constraints say CA:FALSE. A correct client refuses the chain: invalid basic constraints.",
        ca =>
        {
            var notAnAuthority = ca.IssueServerCertificate("not-an-authority.test");
            // Import does not insist on CA:TRUE, so that chains like this one can be made.
            var signer = TestCertificateAuthority.ImportPem(notAnAuthority.FullChainPem, notAnAuthority.PrivateKeyPem, AuthorityOptions(ca));
            return Served(ca, signer.IssueServerCertificate(Host), signer, notAnAuthority);
        });

    /// <summary>A server certificate issued by an intermediate that the server does not send.</summary>
    public static BrokenCertificateCase MissingIntermediate { get; } = new(
        "missing-intermediate",
        "The server sends its leaf without the intermediate that issued it. A correct client cannot build a chain to its root and refuses (it must not fetch or guess the intermediate).",
        ca =>
        {
            var intermediate = ca.CreateIntermediate();
            var leaf = intermediate.IssueServerCertificate(Host);
            return new BrokenCertificate(
                leaf,
                Host,
                ca.Trust,
                () => new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = SslStreamCertificateContext.Create(leaf.Certificate, additionalCertificates: null, offline: true),
                },
                () => ca.Trust.CreateClientOptions(Host),
                intermediate);
        });

    /// <summary>A server certificate for a name outside its issuer's name constraints.</summary>
    public static BrokenCertificateCase NameConstraintViolation { get; } = new(
        "name-constraint-violation",
        "The leaf names localhost, but its intermediate may only issue for permitted.test (name constraints). A correct client refuses the chain.",
        ca =>
        {
            var options = AuthorityOptions(ca);
            options.PermittedDnsNames.Add("permitted.test");
            var constrained = ca.CreateIntermediate(options);
            return Served(ca, constrained.IssueServerCertificate(Host), constrained);
        });

    /// <summary>A chain with more intermediates than its root allows.</summary>
    public static BrokenCertificateCase PathLengthViolation { get; } = new(
        "path-length-violation",
        "The first intermediate allows no intermediate below it (path length 0), yet a second one issued the leaf. A correct client refuses the chain.",
        ca =>
        {
            var options = AuthorityOptions(ca);
            options.PathLengthConstraint = 0;
            var first = ca.CreateIntermediate(options);
            var second = first.CreateIntermediate();
            return Served(ca, second.IssueServerCertificate(Host), first);
        });

    /// <summary>A client certificate, for mutual TLS, issued by an authority the server does not trust.</summary>
    public static BrokenCertificateCase ClientCertificateFromAnotherAuthority { get; } = new(
        "client-certificate-from-another-ca",
        "The client presents a certificate from an authority the server does not trust. A correct mutual-TLS server refuses the client.",
        ca =>
        {
            var stranger = TestCertificateAuthority.Create(AuthorityOptions(ca));
            var mallory = stranger.IssueClientCertificate("mallory");
            return MutualTls(ca, mallory, stranger);
        },
        isClientCertificate: true);

    /// <summary>A mutual-TLS client that presents no certificate at all.</summary>
    public static BrokenCertificateCase MissingClientCertificate { get; } = new(
        "missing-client-certificate",
        "The server requires a client certificate and the client sends none. A correct mutual-TLS server refuses the client. "
        + "Certificate is the client certificate the client should have sent.",
        ca => MutualTls(ca, ca.IssueClientCertificate("forgetful"), presented: false),
        isClientCertificate: true);

    /// <summary>A server certificate its authority has revoked, with a responder that says so.</summary>
    public static BrokenCertificateCase Revoked { get; } = new(
        "revoked",
        "The server certificate was revoked by its own authority, whose responder publishes a CRL and answers OCSP on 127.0.0.1. "
        + "A client that checks revocation refuses it. Trust is that authority's, not the one given.",
        ca =>
        {
            var responder = RevocationResponder.StartAsync().GetAwaiter().GetResult();
            var options = AuthorityOptions(ca);
            options.RevocationResponder = responder;
            var revoking = TestCertificateAuthority.Create(options);
            var leaf = revoking.IssueServerCertificate(Host);
            revoking.Revoke(leaf);
            return new BrokenCertificate(
                leaf, Host, revoking.Trust, () => revoking.Trust.CreateServerOptions(leaf), () => revoking.Trust.CreateClientOptions(Host),
                revoking, new SyncDisposer(responder));
        });

    /// <summary>A server certificate with a 1024-bit RSA key.</summary>
    public static BrokenCertificateCase WeakRsaKey { get; } = new(
        "weak-rsa-1024",
        "The server certificate has a 1024-bit RSA key, below every current minimum. A correct client refuses it. "
        + "OpenSSL at its default security level will not load it for a server ('ee key too small'); serve it with "
        + "openssl s_server -cipher DEFAULT@SECLEVEL=0.",
        ca =>
        {
            using var weak = RSA.Create(1024);
            var options = LeafOptions();
            options.Key = weak;
            return Served(ca, ca.Issue(options));
        });

    /// <summary>A server certificate signed with SHA-1.</summary>
    public static BrokenCertificateCase Sha1Signature { get; } = new(
        "sha1-signature",
        "The server certificate is signed with SHA-1, which collisions have broken. A correct client refuses the signature as too weak. "
        + "OpenSSL at its default security level will not load it for a server ('ca md too weak'); serve it with "
        + "openssl s_server -cipher DEFAULT@SECLEVEL=0.",
        ca =>
        {
            var options = LeafOptions();
            options.SignatureHashAlgorithm = HashAlgorithmName.SHA1;
            return Served(ca, ca.Issue(options));
        });

    /// <summary>Every case, in a stable order.</summary>
    public static IReadOnlyList<BrokenCertificateCase> All { get; } =
    [
        Expired, NotYetValid, WrongHost, UntrustedIssuer, UntrustedIssuerSameName, SelfSigned, MissingServerAuthentication,
        CertificateAuthorityAsLeaf, UnknownCriticalExtension, IntermediateWithoutCaRights, MissingIntermediate, NameConstraintViolation, PathLengthViolation,
        ClientCertificateFromAnotherAuthority, MissingClientCertificate, Revoked, WeakRsaKey, Sha1Signature,
    ];

    /// <summary>A short, stable, kebab-case name such as <c>expired</c>: readable as a test case name.</summary>
    public string Name { get; }

    /// <summary>What is wrong with the certificate, and what a correct peer does with it.</summary>
    public string Description { get; }

    /// <summary>Whether the broken side is a client's (the server must refuse) rather than a server's (the client must refuse).</summary>
    public bool IsClientCertificate { get; }

    /// <summary>Makes the broken certificate against the authority your peer trusts.</summary>
    /// <param name="trusted">The authority the correct peer trusts.</param>
    /// <returns>The certificate and the options to serve and reach it; dispose it when done, or let <paramref name="trusted"/> dispose it.</returns>
    public BrokenCertificate CreateFor(TestCertificateAuthority trusted)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        return trusted.Own(() => _create(trusted));
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static BrokenCertificate Served(TestCertificateAuthority ca, TemporaryCertificate certificate, params IDisposable[] owned) =>
        new(certificate, Host, ca.Trust, () => ca.Trust.CreateServerOptions(certificate), () => ca.Trust.CreateClientOptions(Host), owned);

    private static BrokenCertificate MutualTls(
        TestCertificateAuthority ca, TemporaryCertificate client, IDisposable? owned = null, bool presented = true)
    {
        var server = ca.IssueServerCertificate(Host);
        return new BrokenCertificate(
            client,
            Host,
            ca.Trust,
            () => ca.Trust.CreateServerOptions(server, ClientCertificateRequirement.Required),
            () => ca.Trust.CreateClientOptions(Host, presented ? client : null),
            owned is null ? [server] : [server, owned]);
    }

    private static CertificateOptions LeafOptions()
    {
        var options = new CertificateOptions();
        options.SubjectAlternativeNames.Add(Host);
        return options;
    }

    // A new root shares the trusted authority's clock and logger, as anything made for it should.
    private static CertificateOptions AuthorityOptions(TestCertificateAuthority ca) => new() { TimeProvider = ca.TimeProvider, Logger = ca.Logger };

    private static DateTimeOffset NotBefore(TestCertificateAuthority ca) =>
        new(ca.Certificate.Certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);

    private static string? Attribute(X500DistinguishedName name, string oid) => name.EnumerateRelativeDistinguishedNames()
        .Where(rdn => !rdn.HasMultipleElements && rdn.GetSingleElementType().Value == oid)
        .Select(rdn => rdn.GetSingleElementValue())
        .FirstOrDefault();

    /// <summary>Lets a <see cref="BrokenCertificate"/> own an asynchronously disposed responder.</summary>
    private sealed class SyncDisposer(IAsyncDisposable inner) : IDisposable
    {
        public void Dispose() => inner.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
