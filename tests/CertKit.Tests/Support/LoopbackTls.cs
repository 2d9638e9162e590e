using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace CertKit.Tests.Support;

/// <summary>What the client saw when it tried to authenticate a server.</summary>
/// <param name="Succeeded">Whether the handshake completed and a byte made the round trip.</param>
/// <param name="PolicyErrors">The errors .NET's default validation found.</param>
/// <param name="ChainStatus">Every chain status flag .NET reported, combined.</param>
internal sealed record HandshakeOutcome(bool Succeeded, SslPolicyErrors PolicyErrors, X509ChainStatusFlags ChainStatus)
{
    public override string ToString() => $"Succeeded={Succeeded}, PolicyErrors={PolicyErrors}, ChainStatus={ChainStatus}";
}

/// <summary>
/// A real TLS handshake over 127.0.0.1 on a port the system picks. The client trusts exactly the given
/// roots (custom root trust, never the machine store) and keeps .NET's verdict: the callback only
/// records what went wrong, it never overrides it.
/// </summary>
internal static class LoopbackTls
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<HandshakeOutcome> HandshakeAsync(
        X509Certificate2 serverCertificate,
        X509Certificate2 trustedRoot,
        string targetHost = "localhost",
        DateTime? verificationTime = null)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var server = ServeOneAsync(listener, serverCertificate, cts.Token);
            var outcome = await ConnectAsync(port, trustedRoot, targetHost, verificationTime, cts.Token);
            await server;
            return outcome;
        }
        finally
        {
            listener.Stop();
        }
    }

    public static X509ChainPolicy TrustOnly(X509Certificate2 root, DateTime? verificationTime = null)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(root);
        if (verificationTime is { } time)
        {
            policy.VerificationTime = time;
            policy.VerificationTimeIgnored = false;
        }

        return policy;
    }

    private static async Task<HandshakeOutcome> ConnectAsync(
        int port, X509Certificate2 trustedRoot, string targetHost, DateTime? verificationTime, CancellationToken ct)
    {
        var errors = SslPolicyErrors.None;
        var chainStatus = X509ChainStatusFlags.NoError;
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, ct);
        await using var ssl = new SslStream(client.GetStream());
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            CertificateChainPolicy = TrustOnly(trustedRoot, verificationTime),
            RemoteCertificateValidationCallback = (_, _, chain, policyErrors) =>
            {
                errors = policyErrors;
                foreach (var status in chain?.ChainStatus ?? [])
                {
                    chainStatus |= status.Status;
                }

                return policyErrors == SslPolicyErrors.None;
            },
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(options, ct);
            await ssl.WriteAsync(new byte[] { 42 }, ct);
            var echo = new byte[1];
            await ssl.ReadExactlyAsync(echo, ct);
            return new HandshakeOutcome(echo[0] == 42, errors, chainStatus);
        }
        catch (System.Security.Authentication.AuthenticationException)
        {
            return new HandshakeOutcome(false, errors, chainStatus);
        }
    }

    private static async Task ServeOneAsync(TcpListener listener, X509Certificate2 certificate, CancellationToken ct)
    {
        using var client = await listener.AcceptTcpClientAsync(ct);
        await using var ssl = new SslStream(client.GetStream());
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, ct);
            var buffer = new byte[1];
            await ssl.ReadExactlyAsync(buffer, ct);
            await ssl.WriteAsync(buffer, ct);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            // The client refused the certificate; its side of the story is the one the test checks.
        }
    }
}
