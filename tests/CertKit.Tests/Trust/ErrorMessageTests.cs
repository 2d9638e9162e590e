using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace CertKit.Tests.Trust;

/// <summary>
/// Pins the exact messages docs/troubleshooting.md quotes: what SslStream says, with no validation
/// callback installed, for each mistake users make with test certificates.
/// </summary>
[TestClass]
public sealed class ErrorMessageTests
{
    private const string NameMismatch = "The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch";
    private const string ChainError = "The remote certificate is invalid because of errors in the certificate chain: ";
    private const string NoClientCertificate = "The remote certificate is invalid according to the validation procedure: RemoteCertificateNotAvailable";

    [TestMethod]
    public async Task Handshake_TrustedCaRightHost_NoError()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate("localhost");

        var (client, server) = await HandshakeAsync(leaf.Trust.CreateServerOptions(leaf), ca.Trust.CreateClientOptions("localhost"));

        Assert.IsNull(client, client?.Message);
        Assert.IsNull(server, server?.Message);
    }

    [TestMethod]
    public async Task Handshake_WrongHost_ClientSaysRemoteCertificateNameMismatch()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate("localhost");

        var (client, _) = await HandshakeAsync(leaf.Trust.CreateServerOptions(leaf), ca.Trust.CreateClientOptions("api.example.test"));

        Assert.AreEqual(NameMismatch, client?.Message);
    }

    [TestMethod]
    public async Task Handshake_LeafFromAnotherCa_ClientSaysPartialChain()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var leaf = stranger.IssueServerCertificate("localhost");

        var (client, _) = await HandshakeAsync(leaf.Trust.CreateServerOptions(leaf), ca.Trust.CreateClientOptions("localhost"));

        Assert.AreEqual(ChainError + "PartialChain", client?.Message);
    }

    [TestMethod]
    public async Task Handshake_TestCaNotTrustedAtAll_MachineStoreClientSaysPartialChain()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate("localhost");

        var (client, _) = await HandshakeAsync(leaf.Trust.CreateServerOptions(leaf), new SslClientAuthenticationOptions { TargetHost = "localhost" });

        Assert.AreEqual(ChainError + "PartialChain", client?.Message);
    }

    [TestMethod]
    public async Task Handshake_SelfSignedNotTrusted_MachineStoreClientSaysUntrustedRoot()
    {
        using var selfSigned = TemporaryCertificate.Create();

        var (client, _) = await HandshakeAsync(selfSigned.Trust.CreateServerOptions(selfSigned), new SslClientAuthenticationOptions { TargetHost = "localhost" });

        Assert.AreEqual(ChainError + "UntrustedRoot", client?.Message);
    }

    [TestMethod]
    public async Task Handshake_ServerSendsLeafWithoutIntermediate_ClientSaysPartialChain()
    {
        using var ca = TestCertificateAuthority.Create();
        using var intermediate = ca.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate("localhost");
        var leafOnly = new SslServerAuthenticationOptions { ServerCertificate = leaf.Certificate };

        var (client, _) = await HandshakeAsync(leafOnly, ca.Trust.CreateClientOptions("localhost"));
        var (withChain, _) = await HandshakeAsync(leaf.Trust.CreateServerOptions(leaf), ca.Trust.CreateClientOptions("localhost"));

        Assert.AreEqual(ChainError + "PartialChain", client?.Message);
        Assert.IsNull(withChain, "the same leaf with its chain (CreateServerOptions) is accepted");
    }

    [TestMethod]
    public async Task Handshake_Expired_ClientSaysNotTimeValid()
    {
        // A leaf cannot start before its authority: the authority of an expired leaf started earlier.
        var now = DateTimeOffset.UtcNow;
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { NotBefore = now.AddDays(-30), NotAfter = now.AddDays(30) });
        using var leaf = ca.Issue(new CertificateOptions { NotBefore = now.AddDays(-3), NotAfter = now.AddDays(-1) });

        var (client, _) = await HandshakeAsync(leaf.Trust.CreateServerOptions(leaf), ca.Trust.CreateClientOptions("localhost"));
        using var fresh = TestCertificateAuthority.Create();

        Assert.AreEqual(ChainError + "NotTimeValid", client?.Message);
        Assert.AreEqual(
            nameof(CertificateOptions.NotBefore),
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => fresh.Issue(new CertificateOptions { NotBefore = now.AddDays(-3), NotAfter = now.AddDays(-1) })).ParamName,
            "under a fresh authority the same leaf is refused: it would start before its issuer");
    }

    [TestMethod]
    public async Task Handshake_MutualTlsWithoutClientCertificate_ServerSaysRemoteCertificateNotAvailable()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate("localhost");

        var (_, server) = await HandshakeAsync(ca.Trust.CreateServerOptions(leaf, ClientCertificateRequirement.Required), ca.Trust.CreateClientOptions("localhost"));

        Assert.AreEqual(NoClientCertificate, server?.Message);
    }

    /// <summary>One handshake with no validation callback on either side; returns each side's AuthenticationException, if any.</summary>
    private static async Task<(AuthenticationException? Client, AuthenticationException? Server)> HandshakeAsync(
        SslServerAuthenticationOptions serverOptions, SslClientAuthenticationOptions clientOptions)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var server = ServeAsync(listener, serverOptions, timeout.Token);
            AuthenticationException? clientError = null;
            using (var tcp = new TcpClient())
            {
                await tcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, timeout.Token);
                await using var tls = new SslStream(tcp.GetStream());
                try
                {
                    await tls.AuthenticateAsClientAsync(clientOptions, timeout.Token);
                }
                catch (AuthenticationException e)
                {
                    clientError = e;
                }
            }

            // The client has hung up either way, so the server's handshake ends too.
            return (clientError, await server);
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task<AuthenticationException?> ServeAsync(TcpListener listener, SslServerAuthenticationOptions options, CancellationToken cancellation)
    {
        using var tcp = await listener.AcceptTcpClientAsync(cancellation);
        await using var tls = new SslStream(tcp.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(options, cancellation);
            return null;
        }
        catch (AuthenticationException e)
        {
            return e;
        }
        catch (IOException)
        {
            // The client refused the server's certificate and closed: not the server's verdict.
            return null;
        }
    }
}
