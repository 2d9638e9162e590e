using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace CertKit.Tests.Support;

/// <summary>What one side of a handshake saw.</summary>
internal sealed record SideOutcome(bool Succeeded, SslPolicyErrors PolicyErrors, X509ChainStatusFlags ChainStatus, Exception? Error)
{
    public override string ToString() => $"Succeeded={Succeeded}, PolicyErrors={PolicyErrors}, ChainStatus={ChainStatus}, Error={Error?.GetType().Name}: {Error?.Message} {Error?.InnerException?.Message}";
}

/// <summary>
/// A real handshake between given server and client options over 127.0.0.1, then one byte each way.
/// Each side's validation verdict is recorded by a callback that returns exactly what .NET decided, or, when the options
/// came with their own callback (<see cref="ClientCertificateRequirement.Optional"/>, <see cref="CertificateTrust.CreateValidationCallback"/>),
/// what that callback decides: the recorded policy errors and chain status are still .NET's.
/// </summary>
internal static class TlsPair
{
    public static async Task<(SideOutcome Client, SideOutcome Server)> RunAsync(
        SslServerAuthenticationOptions serverOptions, SslClientAuthenticationOptions clientOptions)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            // The recorders watch .NET's verdict and pass it on to the callback the options came with, which decides.
            var serverRecorder = new Recorder(serverOptions.RemoteCertificateValidationCallback);
            serverOptions.RemoteCertificateValidationCallback =
                serverOptions.ClientCertificateRequired || serverOptions.RemoteCertificateValidationCallback is not null ? serverRecorder.Validate : null;
            var clientRecorder = new Recorder(clientOptions.RemoteCertificateValidationCallback);
            clientOptions.RemoteCertificateValidationCallback = clientRecorder.Validate;

            var server = ServeAsync(listener, serverOptions, serverRecorder, cts.Token);
            var client = ConnectAsync(((IPEndPoint)listener.LocalEndpoint).Port, clientOptions, clientRecorder, cts.Token);
            return (await client, await server);
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task<SideOutcome> ConnectAsync(int port, SslClientAuthenticationOptions options, Recorder recorder, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, ct);
        await using var ssl = new SslStream(client.GetStream());
        try
        {
            await ssl.AuthenticateAsClientAsync(options, ct);
            await ssl.WriteAsync(new byte[] { 7 }, ct);
            var buffer = new byte[1];
            await ssl.ReadExactlyAsync(buffer, ct);
            return recorder.Outcome(buffer[0] == 7, null);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            return recorder.Outcome(false, e);
        }
    }

    private static async Task<SideOutcome> ServeAsync(TcpListener listener, SslServerAuthenticationOptions options, Recorder recorder, CancellationToken ct)
    {
        using var client = await listener.AcceptTcpClientAsync(ct);
        await using var ssl = new SslStream(client.GetStream());
        try
        {
            await ssl.AuthenticateAsServerAsync(options, ct);
            var buffer = new byte[1];
            await ssl.ReadExactlyAsync(buffer, ct);
            await ssl.WriteAsync(buffer, ct);
            return recorder.Outcome(true, null);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            return recorder.Outcome(false, e);
        }
    }

    private sealed class Recorder(RemoteCertificateValidationCallback? decides)
    {
        private SslPolicyErrors _errors;
        private X509ChainStatusFlags _chainStatus;

        public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            _errors = errors;
            foreach (var status in chain?.ChainStatus ?? [])
            {
                _chainStatus |= status.Status;
            }

            return decides is null ? errors == SslPolicyErrors.None : decides(sender, certificate, chain, errors);
        }

        public SideOutcome Outcome(bool succeeded, Exception? error) => new(succeeded, _errors, _chainStatus, error);
    }
}
