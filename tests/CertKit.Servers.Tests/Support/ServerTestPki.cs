using System.Diagnostics;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// The certificates of one test class: the authority <see cref="Ca"/>, its server certificate (issued by an intermediate under it), a client certificate
/// for <c>alice</c> from it, and a <see cref="Stranger"/> authority with a client certificate of its own. Disposed in the
/// reverse order: the client certificates, the server certificate, then the authorities.
/// </summary>
internal sealed class ServerTestPki : IDisposable
{
    public const string ClientName = "alice";

    private readonly List<IDisposable> _created = [];

    private ServerTestPki()
    {
    }

    public TestCertificateAuthority Ca { get; private set; } = null!;

    /// <summary>An authority the server and the clients do not trust.</summary>
    public TestCertificateAuthority Stranger { get; private set; } = null!;

    public TemporaryCertificate ServerCertificate { get; private set; } = null!;

    /// <summary>A client certificate for <see cref="ClientName"/> from <see cref="Ca"/>.</summary>
    public TemporaryCertificate Alice { get; private set; } = null!;

    /// <summary>A client certificate from <see cref="Stranger"/>.</summary>
    public TemporaryCertificate StrangerClient { get; private set; } = null!;

    /// <summary>How long making them all took.</summary>
    public TimeSpan CreateTime { get; private set; }

    /// <param name="serverNames">The server certificate's names (the first is its subject's common name).</param>
    /// <param name="strangerClientName">The common name of the stranger's client certificate: by default alice's, so only its issuer differs.</param>
    /// <param name="viaIntermediate">
    /// Whether an intermediate under <see cref="Ca"/> issues the server certificate, so that the server must send its chain.
    /// StackExchange.Redis's <c>TrustIssuer</c> and MQTTnet's <c>WithTrustChain</c> were measured to refuse such a chain (they
    /// accept only a certificate the given root issued directly), so their tests use the root.
    /// </param>
    public static ServerTestPki Create(string[] serverNames, string strangerClientName = ClientName, bool viaIntermediate = true)
    {
        var clock = Stopwatch.StartNew();
        var pki = new ServerTestPki();
        try
        {
            pki.Ca = pki.Add(TestCertificateAuthority.Create());
            pki.Stranger = pki.Add(TestCertificateAuthority.Create());
            // Through an intermediate, the server must send its chain (chain.pem) to clients that trust only the root.
            var issuer = viaIntermediate ? pki.Add(pki.Ca.CreateIntermediate()) : pki.Ca;
            pki.ServerCertificate = pki.Add(issuer.IssueServerCertificate(serverNames));
            pki.Alice = pki.Add(pki.Ca.IssueClientCertificate(ClientName));
            pki.StrangerClient = pki.Add(pki.Stranger.IssueClientCertificate(strangerClientName));
            pki.CreateTime = clock.Elapsed;
            return pki;
        }
        catch
        {
            pki.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        for (var i = _created.Count - 1; i >= 0; i--)
        {
            _created[i].Dispose();
        }

        _created.Clear();
    }

    private T Add<T>(T created)
        where T : IDisposable
    {
        _created.Add(created);
        return created;
    }
}
