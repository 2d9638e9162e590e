using System.Globalization;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// A private redis-server that speaks TLS only (<c>--port 0</c>, a free <c>--tls-port</c> on 127.0.0.1), run as the
/// <c>redis</c> user with command-line options only (no configuration file, nothing saved), its certificate files written
/// for that user by CertKit into its own scratch directory. Stopped by its process id on dispose; then nothing is left.
/// </summary>
internal sealed class RedisServer : LoopbackServer
{
    private const string User = "redis";

    private RedisServer()
        : base(ServerPackage.Redis)
    {
    }

    /// <param name="certificate">The server's certificate; its root is also the CA that client certificates must chain to.</param>
    /// <param name="authClients">Redis's <c>tls-auth-clients</c>: <c>no</c>, <c>optional</c> or <c>yes</c> (mutual TLS required).</param>
    public static Task<RedisServer> StartAsync(TemporaryCertificate certificate, string authClients)
    {
        var server = new RedisServer();
        return StartAsync(server, () =>
        {
            // redis-server reads its files as the user it runs as: the files go to that user, the root with them.
            var files = certificate.WriteFiles(server.Scratch.Path, User);
            var port = FreePort.Next();
            return server.StartProcessAsync(
                ServerPackage.Redis.Executable,
                [
                    "--port", "0",
                    "--tls-port", port.ToString(CultureInfo.InvariantCulture),
                    "--bind", "127.0.0.1",
                    "--tls-cert-file", files.ChainPath,
                    "--tls-key-file", files.PrivateKeyPath,
                    "--tls-ca-cert-file", files.TrustAnchorPath,
                    "--tls-auth-clients", authClients,
                    "--save", string.Empty,
                    "--appendonly", "no",
                    "--dir", server.Scratch.Path,
                ],
                [port],
                User);
        });
    }
}
