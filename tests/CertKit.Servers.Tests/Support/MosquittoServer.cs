using System.Globalization;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// A private mosquitto 2 broker with two TLS listeners on 127.0.0.1 and no plain one: <see cref="TlsPort"/> does not ask for
/// client certificates, <see cref="MutualTlsPort"/> requires one from the authority and takes its common name as the user
/// name. Started as root from a configuration file in its own scratch directory; mosquitto then drops to the
/// <c>mosquitto</c> user before it reads its certificate files, which CertKit writes for that user. Stopped by its process
/// id on dispose; then nothing is left.
/// </summary>
internal sealed class MosquittoServer : LoopbackServer
{
    private const string User = "mosquitto";

    private MosquittoServer()
        : base(ServerPackage.Mosquitto)
    {
    }

    /// <summary>The listener with <c>require_certificate false</c>.</summary>
    public int TlsPort => Port;

    /// <summary>The listener with <c>require_certificate true</c> and <c>use_identity_as_username true</c>.</summary>
    public int MutualTlsPort => Server.Ports[1];

    /// <param name="certificate">The broker's certificate; its root is also the CA that client certificates must chain to.</param>
    public static Task<MosquittoServer> StartAsync(TemporaryCertificate certificate)
    {
        var server = new MosquittoServer();
        return StartAsync(server, async () =>
        {
            var files = certificate.WriteFiles(server.Scratch.Path, User);
            var ports = FreePort.Next(2);
            var tls = $"certfile {files.ChainPath}\nkeyfile {files.PrivateKeyPath}\ncafile {files.TrustAnchorPath}\n";
            // log_dest stderr, not stdout: mosquitto's stdout is block-buffered into a pipe, so its log would arrive only at exit.
            var configuration = Path.Combine(server.Scratch.Path, "mosquitto.conf");
            await File.WriteAllTextAsync(configuration, string.Create(CultureInfo.InvariantCulture, $"""
                persistence false
                allow_anonymous true
                log_dest stderr
                connection_messages true

                listener {ports[0]} 127.0.0.1
                {tls}require_certificate false

                listener {ports[1]} 127.0.0.1
                {tls}require_certificate true
                use_identity_as_username true

                """));

            // As root, like the distribution's service: mosquitto drops to its own user by itself, before it reads the files.
            await server.StartProcessAsync(ServerPackage.Mosquitto.Executable, ["-c", configuration], ports);
        });
    }
}
