using System.Diagnostics;
using System.Globalization;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// A private mosquitto 2 broker with two TLS listeners on 127.0.0.1 and no plain one: <see cref="TlsPort"/> does not ask for
/// client certificates, <see cref="MutualTlsPort"/> requires one from the authority and takes its common name as the user
/// name. Started as root from a configuration file in its own scratch directory; mosquitto then drops to the
/// <c>mosquitto</c> user before it reads its certificate files, which CertKit writes for that user. Stopped by its process
/// id on dispose; then nothing is left.
/// </summary>
internal sealed class MosquittoServer : IAsyncDisposable
{
    private const string User = "mosquitto";

    private readonly ServerDirectory _directory;
    private readonly ServerProcess _process;

    private MosquittoServer(ServerDirectory directory, ServerProcess process, int tlsPort, TimeSpan startTime)
    {
        _directory = directory;
        _process = process;
        TlsPort = tlsPort;
        StartTime = startTime;
    }

    /// <summary>The listener with <c>require_certificate false</c>.</summary>
    public int TlsPort { get; }

    /// <summary>The listener with <c>require_certificate true</c> and <c>use_identity_as_username true</c>.</summary>
    public int MutualTlsPort => _process.Port;

    /// <summary>From starting the process to both listeners accepting connections.</summary>
    public TimeSpan StartTime { get; }

    public string Output => _process.Output;

    /// <param name="certificate">The broker's certificate; its root is also the CA that client certificates must chain to.</param>
    public static async Task<MosquittoServer> StartAsync(TemporaryCertificate certificate)
    {
        ServerPackage.Mosquitto.RequireInstalled();
        var directory = new ServerDirectory("mosquitto");
        try
        {
            var files = certificate.WriteFiles(directory.Path, User);
            var tlsPort = FreePort.Next();
            var mutualTlsPort = FreePort.Next();
            while (mutualTlsPort == tlsPort)
            {
                mutualTlsPort = FreePort.Next();
            }

            var tls = $"certfile {files.CertificatePath}\nkeyfile {files.PrivateKeyPath}\ncafile {files.TrustAnchorPath}\n";
            // log_dest stderr, not stdout: mosquitto's stdout is block-buffered into a pipe, so its log would arrive only at exit.
            var configuration = Path.Combine(directory.Path, "mosquitto.conf");
            await File.WriteAllTextAsync(configuration, string.Create(CultureInfo.InvariantCulture, $"""
                persistence false
                allow_anonymous true
                log_dest stderr
                connection_messages true

                listener {tlsPort} 127.0.0.1
                {tls}require_certificate false

                listener {mutualTlsPort} 127.0.0.1
                {tls}require_certificate true
                use_identity_as_username true

                """));

            var started = Stopwatch.StartNew();
            // As root, like the distribution's service: mosquitto drops to its own user by itself, before it reads the files.
            // It opens its listeners in order, so once the second accepts, both do.
            var process = await ServerProcess.StartAsync(ServerPackage.Mosquitto.Executable, ["-c", configuration], mutualTlsPort);
            var startTime = started.Elapsed;
            if (!FreePort.IsListening(tlsPort))
            {
                await process.DisposeAsync();
                Assert.Fail($"mosquitto does not listen on 127.0.0.1:{tlsPort}. Its output:\n{process.Output}");
            }

            return new MosquittoServer(directory, process, tlsPort, startTime);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits up to 5 s for the broker's log, from <paramref name="since"/> (a length of <see cref="Output"/> taken before),
    /// to contain <paramref name="words"/>: the broker's own account of a connection, logged as the client sees it.
    /// </summary>
    public async Task AssertLoggedAsync(int since, string words)
    {
        var deadline = Stopwatch.StartNew();
        while (!Output[since..].Contains(words, StringComparison.Ordinal))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(5))
            {
                Assert.Fail($"mosquitto did not log '{words}'. Its log since the connect:\n{Output[since..]}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var processId = _process.ProcessId;
        await _process.DisposeAsync(); // asserts that nothing listens on the mutual-TLS port any more
        Assert.IsFalse(FreePort.IsListening(TlsPort), $"something still listens on 127.0.0.1:{TlsPort} after mosquitto stopped");
        _directory.Dispose();
        Assert.IsFalse(Directory.Exists(_directory.Path), $"{_directory.Path} is still there after mosquitto stopped");
        Assert.IsFalse(Directory.Exists($"/proc/{processId}"), $"mosquitto (pid {processId}) still runs after it was stopped");
    }
}
