using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertKit.Building;

namespace CertKit;

/// <summary>
/// A kind of certificate a correct TLS peer must refuse, with the outcome .NET's <see cref="SslStream"/> reports for it.
/// Run your own client against <see cref="All"/> as data rows instead of depending on public hosts like badssl.com.
/// </summary>
/// <example>
/// <code>
/// [TestMethod]
/// [DynamicData(nameof(Cases))]
/// public async Task MyClient_BrokenCertificate_Refuses(BrokenCertificateCase brokenCase)
/// {
///     using var ca = TestCertificateAuthority.Create();
///     using var broken = brokenCase.CreateFor(ca);
///     // serve broken.CreateServerOptions(), connect your client trusting ca, assert it refuses
/// }
/// public static IEnumerable&lt;object[]&gt; Cases => BrokenCertificateCase.All.Select(c => new object[] { c });
/// </code>
/// </example>
public sealed class BrokenCertificateCase
{
    private const string Host = "localhost";

    private readonly Func<BrokenCertificateCase, TestCertificateAuthority, BrokenCertificate> _create;

    private BrokenCertificateCase(
        string name,
        string description,
        SslPolicyErrors expectedPolicyErrors,
        X509ChainStatusFlags expectedChainStatus,
        Func<BrokenCertificateCase, TestCertificateAuthority, BrokenCertificate> create,
        bool isClientCertificate = false,
        bool sslStreamRefuses = true,
        bool servableBySslStream = true)
    {
        SslStreamRefuses = sslStreamRefuses;
        ServableBySslStream = servableBySslStream;
        Name = name;
        Description = description;
        ExpectedPolicyErrors = expectedPolicyErrors;
        ExpectedChainStatus = expectedChainStatus;
        IsClientCertificate = isClientCertificate;
        _create = create;
    }

    /// <summary>A server certificate whose validity ended a week ago.</summary>
    public static BrokenCertificateCase Expired { get; } = new(
        "expired",
        "The server certificate's NotAfter is in the past. A correct client refuses it: the chain is not time valid.",
        SslPolicyErrors.RemoteCertificateChainErrors,
        X509ChainStatusFlags.NotTimeValid,
        (c, ca) => Served(c, ca, ca.Issue(LeafOptions(ca, notBefore: ca.TimeProvider.GetUtcNow().AddDays(-30), notAfter: ca.TimeProvider.GetUtcNow().AddDays(-7)))));

    /// <summary>A server certificate whose validity starts tomorrow.</summary>
    public static BrokenCertificateCase NotYetValid { get; } = new(
        "not-yet-valid",
        "The server certificate's NotBefore is in the future. A correct client refuses it: the chain is not time valid.",
        SslPolicyErrors.RemoteCertificateChainErrors,
        X509ChainStatusFlags.NotTimeValid,
        (c, ca) => Served(c, ca, ca.Issue(LeafOptions(ca, notBefore: ca.TimeProvider.GetUtcNow().AddDays(1), notAfter: ca.Certificate.Spec.NotAfter))));

    /// <summary>A server certificate from the trusted authority for another host.</summary>
    public static BrokenCertificateCase WrongHost { get; } = new(
        "wrong-host",
        "The certificate is trusted but names wrong.host.test, not localhost. A correct client refuses it: name mismatch.",
        SslPolicyErrors.RemoteCertificateNameMismatch,
        X509ChainStatusFlags.NoError,
        (c, ca) => Served(c, ca, ca.IssueServerCertificate("wrong.host.test")));

    /// <summary>A server certificate from another authority that the client does not trust.</summary>
    public static BrokenCertificateCase UntrustedIssuer { get; } = new(
        "untrusted-issuer",
        "The certificate comes from an authority the client does not trust. A correct client refuses it: the chain ends at an unknown issuer.",
        SslPolicyErrors.RemoteCertificateChainErrors,
        X509ChainStatusFlags.PartialChain,
        (c, ca) =>
        {
            var stranger = TestCertificateAuthority.Create(AuthorityOptions(ca));
            return Served(c, ca, stranger.IssueServerCertificate(Host), stranger);
        });

    /// <summary>A server certificate from another authority that has the same subject name as the trusted one.</summary>
    public static BrokenCertificateCase UntrustedIssuerSameName { get; } = new(
        "untrusted-issuer-same-name",
        "The issuer has the trusted authority's exact name but another key. A correct client matches keys, not names, and refuses it.",
        SslPolicyErrors.RemoteCertificateChainErrors,
        X509ChainStatusFlags.PartialChain,
        (c, ca) =>
        {
            var options = AuthorityOptions(ca);
            options.Subject = ca.Certificate.Spec.Subject.Name;
            var impostor = TestCertificateAuthority.Create(options);
            return Served(c, ca, impostor.IssueServerCertificate(Host), impostor);
        });

    /// <summary>A self-signed server certificate.</summary>
    public static BrokenCertificateCase SelfSigned { get; } = new(
        "self-signed",
        "The server certificate signs itself. A correct client that trusts only its authority refuses it: untrusted root.",
        SslPolicyErrors.RemoteCertificateChainErrors,
        X509ChainStatusFlags.UntrustedRoot,
        (c, ca) => Served(c, ca, TemporaryCertificate.Create(LeafOptions(ca))));

    /// <summary>A server certificate whose only extended key usage is client authentication.</summary>
    public static BrokenCertificateCase MissingServerAuthentication { get; } = new(
        "missing-server-auth",
        "The certificate's extended key usage allows client authentication only. A correct client refuses it as a server certificate.",
        SslPolicyErrors.RemoteCertificateChainErrors,
        X509ChainStatusFlags.NotValidForUsage,
        (c, ca) =>
        {
            var options = LeafOptions(ca);
            options.ExtendedKeyUsages.Add(new Oid(Defaults.ClientAuthenticationOid));
            return Served(c, ca, ca.Issue(options));
        });

    /// <summary>A CA certificate (basic constraints CA:TRUE) presented as a server certificate.</summary>
    public static BrokenCertificateCase CertificateAuthorityAsLeaf { get; } = new(
        "ca-as-leaf",
        "The server presents a certificate authority's certificate (CA:TRUE, keyCertSign and cRLSign only) naming localhost. "
        + "A strict client refuses an authority as an end entity, and a key not allowed to sign handshakes; OpenSSL's verifier does. "
        + ".NET's SslStream on Linux accepts it: it checks neither the leaf's basic constraints nor its key usage. Test your own client against it.",
        SslPolicyErrors.None,
        X509ChainStatusFlags.NoError,
        (c, ca) =>
        {
            var spec = CertificateSpec.From(AuthorityOptions(ca), $"CN=CertKit CA used as leaf, O={Defaults.Organization}") with
            {
                Names = [SubjectAlternativeName.Parse(Host, "names")],
                KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
            };
            return Served(c, ca, ca.IssueTracked(spec));
        },
        sslStreamRefuses: false);

    /// <summary>A server certificate signed by an intermediate that is not a CA (basic constraints CA:FALSE).</summary>
    public static BrokenCertificateCase IntermediateWithoutCaRights { get; } = new(
        "intermediate-without-ca-rights",
        "The leaf is signed by a certificate whose basic constraints say CA:FALSE. A correct client refuses the chain: invalid basic constraints.",
        SslPolicyErrors.RemoteCertificateChainErrors,
        X509ChainStatusFlags.InvalidBasicConstraints,
        (c, ca) =>
        {
            var notAnAuthority = ca.IssueTracked(CertificateSpec.From(AuthorityOptions(ca), $"CN=CertKit intermediate without CA rights, O={Defaults.Organization}") with
            {
                Authority = null,
            });
            var leaf = TemporaryCertificate.Issue(CertificateSpec.From(LeafOptions(ca)), notAnAuthority, SerialNumber.CreateRandom(), () => { });
            return Served(c, ca, leaf, notAnAuthority);
        });

    /// <summary>A server certificate issued by an intermediate that the server does not send.</summary>
    public static BrokenCertificateCase MissingIntermediate { get; } = new(
        "missing-intermediate",
        "The server sends its leaf without the intermediate that issued it. A correct client cannot build a chain to its root and refuses (it must not fetch or guess the intermediate).",
        SslPolicyErrors.RemoteCertificateChainErrors,
        X509ChainStatusFlags.PartialChain,
        (c, ca) =>
        {
            var intermediate = ca.CreateIntermediate(AuthorityOptions(ca));
            var leaf = intermediate.IssueServerCertificate(Host);
            return new BrokenCertificate(
                c,
                leaf,
                Host,
                () => new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = SslStreamCertificateContext.Create(leaf.Certificate, additionalCertificates: null, offline: true),
                },
                () => ca.CreateClientOptions(Host),
                intermediate);
        });

    /// <summary>A client certificate, for mutual TLS, issued by an authority the server does not trust.</summary>
    public static BrokenCertificateCase ClientCertificateFromAnotherAuthority { get; } = new(
        "client-certificate-from-another-ca",
        "The client presents a certificate from an authority the server does not trust. A correct mutual-TLS server refuses the client.",
        SslPolicyErrors.RemoteCertificateChainErrors,
        X509ChainStatusFlags.PartialChain,
        (c, ca) =>
        {
            var stranger = TestCertificateAuthority.Create(AuthorityOptions(ca));
            var mallory = stranger.IssueClientCertificate("mallory");
            var server = ca.IssueServerCertificate(Host);
            return new BrokenCertificate(
                c, mallory, Host, () => ca.CreateServerOptions(server), () => ca.CreateClientOptions(Host, mallory), stranger, server);
        },
        isClientCertificate: true);

    /// <summary>A server certificate with a 1024-bit RSA key.</summary>
    public static BrokenCertificateCase WeakRsaKey { get; } = new(
        "weak-rsa-1024",
        "The server certificate has a 1024-bit RSA key, below every current minimum. A correct client refuses it. "
        + ".NET's SslStream client on Linux accepts it: its chain check sets no minimum key size. A .NET server cannot send it on Linux "
        + "(OpenSSL's security level 2 says 'ee key too small'), so serve it with a TLS stack that allows it, such as "
        + "openssl s_server -cipher DEFAULT@SECLEVEL=0.",
        SslPolicyErrors.None,
        X509ChainStatusFlags.NoError,
        (c, ca) => Served(c, ca, ca.IssueTracked(CertificateSpec.From(LeafOptions(ca)) with { KeyAlgorithm = KeyAlgorithm.Rsa1024Weak })),
        sslStreamRefuses: false,
        servableBySslStream: false);

    /// <summary>A server certificate signed with SHA-1.</summary>
    public static BrokenCertificateCase Sha1Signature { get; } = new(
        "sha1-signature",
        "The server certificate is signed with SHA-1, which collisions have broken. A correct client refuses the signature as too weak. "
        + ".NET's SslStream client on Linux accepts it. A .NET server cannot send it on Linux (OpenSSL's security level 2 says "
        + "'ca md too weak'), so serve it with a TLS stack that allows it, such as openssl s_server -cipher DEFAULT@SECLEVEL=0.",
        SslPolicyErrors.None,
        X509ChainStatusFlags.NoError,
        (c, ca) => Served(c, ca, ca.IssueTracked(CertificateSpec.From(LeafOptions(ca)) with { Hash = HashAlgorithmName.SHA1 })),
        sslStreamRefuses: false,
        servableBySslStream: false);

    /// <summary>Every case, in a stable order.</summary>
    public static IReadOnlyList<BrokenCertificateCase> All { get; } =
    [
        Expired, NotYetValid, WrongHost, UntrustedIssuer, UntrustedIssuerSameName, SelfSigned, MissingServerAuthentication,
        CertificateAuthorityAsLeaf, IntermediateWithoutCaRights, MissingIntermediate, ClientCertificateFromAnotherAuthority,
        WeakRsaKey, Sha1Signature,
    ];

    /// <summary>A short stable identifier, such as <c>expired</c>: use it as a test case's display name.</summary>
    public string Name { get; }

    /// <summary>What is wrong with the certificate and what a correct peer does with it.</summary>
    public string Description { get; }

    /// <summary>Whether the broken certificate is a client's (the server must refuse) rather than a server's (the client must refuse).</summary>
    public bool IsClientCertificate { get; }

    /// <summary>
    /// Whether .NET's <see cref="SslStream"/>, validating with CertKit's options, refuses this certificate on Linux. <see langword="false"/>
    /// where .NET is more lenient than a strict client should be (<see cref="CertificateAuthorityAsLeaf"/>, <see cref="WeakRsaKey"/>,
    /// <see cref="Sha1Signature"/>), which is worth knowing: test your own client against those.
    /// </summary>
    public bool SslStreamRefuses { get; }

    /// <summary>
    /// Whether a .NET <see cref="SslStream"/> server on Linux can present this certificate. <see langword="false"/> for
    /// <see cref="WeakRsaKey"/> and <see cref="Sha1Signature"/>, which OpenSSL's default security level will not load for a server;
    /// <see cref="BrokenCertificate.CreateServerOptions"/> then gives options whose handshake fails on the server side.
    /// </summary>
    public bool ServableBySslStream { get; }

    /// <summary>
    /// The <see cref="SslPolicyErrors"/> that .NET's validation reports for this case on Linux; <see cref="SslPolicyErrors.None"/> where .NET
    /// accepts the certificate.
    /// </summary>
    public SslPolicyErrors ExpectedPolicyErrors { get; }

    /// <summary>The <see cref="X509ChainStatusFlags"/> that .NET's chain reports for this case on Linux; <see cref="X509ChainStatusFlags.NoError"/> when only the name is wrong.</summary>
    public X509ChainStatusFlags ExpectedChainStatus { get; }

    /// <summary>Makes the broken certificate against the authority your client trusts.</summary>
    /// <param name="trusted">The authority the correct peer trusts.</param>
    /// <returns>The certificate and the options to serve and reach it; dispose it when done, or let <paramref name="trusted"/> dispose it.</returns>
    public BrokenCertificate CreateFor(TestCertificateAuthority trusted)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        return trusted.Own(() => _create(this, trusted));
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static BrokenCertificate Served(BrokenCertificateCase c, TestCertificateAuthority ca, TemporaryCertificate certificate, params IDisposable[] owned) =>
        new(c, certificate, Host, certificate.CreateServerOptions, () => ca.CreateClientOptions(Host), owned);

    private static TemporaryCertificateOptions LeafOptions(TestCertificateAuthority ca, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var options = new TemporaryCertificateOptions
        {
            TimeProvider = ca.TimeProvider,
            Logger = ca.Logger,
            NotBefore = notBefore,
            NotAfter = notAfter,
        };
        options.SubjectAlternativeNames.Add(Host);
        return options;
    }

    private static CertificateAuthorityOptions AuthorityOptions(TestCertificateAuthority ca) => new()
    {
        TimeProvider = ca.TimeProvider,
        Logger = ca.Logger,
    };
}
