using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// A private PostgreSQL 15 for one test class: <c>initdb</c> into its own scratch directory, then <c>postgres</c> as the
/// <c>postgres</c> user (it refuses root) on a free port of 127.0.0.1 only, TLS on with CertKit's files, no Unix socket,
/// and the given <c>pg_hba.conf</c> lines. Stopped by process id on dispose, after which neither it, nor its children, nor
/// its port, nor its directory may remain.
/// </summary>
internal sealed class PostgreSqlServer : LoopbackServer
{
    public const string User = "postgres";

    private PostgreSqlServer()
        : base(ServerPackage.PostgreSql)
    {
    }

    /// <param name="certificate">The server's certificate; its files (and its trust anchor, which client certificates must chain to) are written for the <c>postgres</c> user.</param>
    /// <param name="superuserPassword">The password of the superuser <c>postgres</c> (stored as SCRAM-SHA-256).</param>
    /// <param name="hbaLines">The whole <c>pg_hba.conf</c>.</param>
    public static Task<PostgreSqlServer> StartAsync(TemporaryCertificate certificate, string superuserPassword, params string[] hbaLines)
    {
        var server = new PostgreSqlServer();
        return StartAsync(server, () => server.StartCoreAsync(certificate, superuserPassword, hbaLines));
    }

    /// <summary>SIGTERM is PostgreSQL's "smart" shutdown: it waits for open sessions, so close every pooled one first.</summary>
    protected override void BeforeStop() => NpgsqlConnection.ClearAllPools();

    private async Task StartCoreAsync(TemporaryCertificate certificate, string superuserPassword, string[] hbaLines)
    {
        var data = Scratch.CreateOwnedBy("data", User);
        // One call: certificate, key (0600, owned by postgres, as it demands) and the root, in a postgres-only directory.
        var files = certificate.WriteFiles(Scratch.Path, User);
        var passwordFile = Path.Combine(Scratch.Path, "password");
        await File.WriteAllTextAsync(passwordFile, superuserPassword);
        var hbaFile = Path.Combine(Scratch.Path, "pg_hba.conf");
        await File.WriteAllLinesAsync(hbaFile, hbaLines);

        await RunToolAsync(
            Path.Combine(ServerPackage.PostgreSql.Directory, "initdb"),
            ["-D", data, "-U", User, $"--pwfile={passwordFile}", "--auth=scram-sha-256", "--no-locale", "--encoding=UTF8", "--no-sync", "--no-instructions"],
            User);
        File.Delete(passwordFile);

        var port = FreePort.Next();
        await StartProcessAsync(
            ServerPackage.PostgreSql.Executable,
            [
                "-D", data,
                "-c", "listen_addresses=127.0.0.1",
                "-c", $"port={port.ToString(CultureInfo.InvariantCulture)}",
                "-c", "unix_socket_directories=",
                "-c", "ssl=on",
                "-c", $"ssl_cert_file={files.ChainPath}",
                "-c", $"ssl_key_file={files.PrivateKeyPath}",
                "-c", $"ssl_ca_file={files.TrustAnchorPath}",
                "-c", $"hba_file={hbaFile}",
                "-c", "fsync=off",
            ],
            [port],
            User);
        // The postmaster listens before its startup process is done ("the database system is starting up"): wait for it.
        await TimeAsync("accepting sessions after", WaitUntilAcceptingAsync);
    }

    private async Task<ProcessResult> WaitUntilAcceptingAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            // pg_isready: 0 accepting, 1 rejecting (starting up), 2 no answer.
            var ready = await ServerProcess.RunAsync(
                Path.Combine(ServerPackage.PostgreSql.Directory, "pg_isready"),
                ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", "postgres", "-t", "5"]);
            if (ready.ExitCode == 0)
            {
                return ready;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"PostgreSQL on 127.0.0.1:{Port} did not accept connections within 30 s ({ready.Output.Trim()}). Its output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }
}
