using System.Diagnostics;
using System.Globalization;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// A private redis-server that speaks TLS only (<c>--port 0</c>, a free <c>--tls-port</c> on 127.0.0.1), run as the
/// <c>redis</c> user with command-line options only (no configuration file, nothing saved), its certificate files written
/// for that user by CertKit into its own scratch directory. Stopped by its process id on dispose; then nothing is left.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private const string User = "redis";

    private readonly ServerDirectory _directory;
    private readonly ServerProcess _process;

    private RedisServer(ServerDirectory directory, ServerProcess process, TimeSpan startTime)
    {
        _directory = directory;
        _process = process;
        StartTime = startTime;
    }

    public int Port => _process.Port;

    /// <summary>From starting the process to its TLS port accepting connections.</summary>
    public TimeSpan StartTime { get; }

    public string Output => _process.Output;

    /// <summary>
    /// Waits up to 5 s for the server's log, from <paramref name="since"/> (a length of <see cref="Output"/> taken before),
    /// to contain <paramref name="words"/>: the server's own reason for a refusal, logged just after the client saw it.
    /// </summary>
    public async Task AssertLoggedAsync(int since, string words)
    {
        var deadline = Stopwatch.StartNew();
        while (!Output[since..].Contains(words, StringComparison.Ordinal))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(5))
            {
                Assert.Fail($"redis-server did not log '{words}'. Its log since the connect:\n{Output[since..]}");
            }

            await Task.Delay(20);
        }
    }

    /// <param name="certificate">The server's certificate; its root is also the CA that client certificates must chain to.</param>
    /// <param name="authClients">Redis's <c>tls-auth-clients</c>: <c>no</c>, <c>optional</c> or <c>yes</c> (mutual TLS required).</param>
    public static async Task<RedisServer> StartAsync(TemporaryCertificate certificate, string authClients)
    {
        ServerPackage.Redis.RequireInstalled();
        var directory = new ServerDirectory("redis");
        try
        {
            // redis-server reads its files as the user it runs as: the files go to that user, the root with them.
            var files = certificate.WriteFiles(directory.Path, User);
            var port = FreePort.Next();
            var started = Stopwatch.StartNew();
            var process = await ServerProcess.StartAsync(
                ServerPackage.Redis.Executable,
                [
                    "--port", "0",
                    "--tls-port", port.ToString(CultureInfo.InvariantCulture),
                    "--bind", "127.0.0.1",
                    "--tls-cert-file", files.CertificatePath,
                    "--tls-key-file", files.PrivateKeyPath,
                    "--tls-ca-cert-file", files.TrustAnchorPath,
                    "--tls-auth-clients", authClients,
                    "--save", string.Empty,
                    "--appendonly", "no",
                    "--dir", directory.Path,
                ],
                port,
                User);
            return new RedisServer(directory, process, started.Elapsed);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var processId = _process.ProcessId;
        await _process.DisposeAsync(); // asserts that nothing listens on the port any more
        _directory.Dispose();
        Assert.IsFalse(Directory.Exists(_directory.Path), $"{_directory.Path} is still there after the server stopped");
        Assert.IsFalse(Directory.Exists($"/proc/{processId}"), $"redis-server (pid {processId}) still runs after it was stopped");
    }
}
