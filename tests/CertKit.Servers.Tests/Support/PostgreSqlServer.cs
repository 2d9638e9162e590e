using System.Diagnostics;
using System.Globalization;
using CertKit;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// A private PostgreSQL 15 for one test class: <c>initdb</c> into its own scratch directory, then <c>postgres</c> as the
/// <c>postgres</c> user (it refuses root) on a free port of 127.0.0.1 only, TLS on with CertKit's files, no Unix socket,
/// and the given <c>pg_hba.conf</c> lines. Stopped by process id on dispose, after which neither it, nor its children, nor
/// its port, nor its directory may remain.
/// </summary>
internal sealed class PostgreSqlServer : IAsyncDisposable
{
    public const string User = "postgres";

    private readonly ServerDirectory _directory;
    private readonly ServerProcess _process;

    private PostgreSqlServer(ServerDirectory directory, ServerProcess process, TimeSpan initDbTime, TimeSpan startTime)
    {
        _directory = directory;
        _process = process;
        InitDbTime = initDbTime;
        StartTime = startTime;
    }

    public int Port => _process.Port;

    /// <summary>How long <c>initdb</c> took.</summary>
    public TimeSpan InitDbTime { get; }

    /// <summary>From starting <c>postgres</c> until it accepted connections on its port.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>The server's log so far (it logs to standard error).</summary>
    public string Output => _process.Output;

    /// <summary>How many times the log holds <paramref name="text"/> so far.</summary>
    public int CountInLog(string text) => Output.Split(text).Length - 1;

    /// <summary>Waits up to 5 s for the log to hold <paramref name="text"/> more often than <paramref name="before"/> times.</summary>
    public async Task AssertLogsAsync(string text, int before)
    {
        var deadline = Stopwatch.StartNew();
        while (CountInLog(text) <= before)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(5))
            {
                Assert.Fail($"PostgreSQL did not log \"{text}\". Its log:\n{Output}");
            }

            await Task.Delay(20);
        }
    }

    /// <param name="certificate">The server's certificate; its files (and its trust anchor, which client certificates must chain to) are written for the <c>postgres</c> user.</param>
    /// <param name="superuserPassword">The password of the superuser <c>postgres</c> (stored as SCRAM-SHA-256).</param>
    /// <param name="hbaLines">The whole <c>pg_hba.conf</c>.</param>
    public static async Task<PostgreSqlServer> StartAsync(TemporaryCertificate certificate, string superuserPassword, params string[] hbaLines)
    {
        ServerPackage.PostgreSql.RequireInstalled();
        var directory = new ServerDirectory("postgresql");
        try
        {
            var data = directory.CreateOwnedBy("data", User);
            // One call: certificate, key (0600, owned by postgres, as it demands) and the root, in a postgres-only directory.
            var files = certificate.WriteFiles(directory.Path, User);
            var passwordFile = Path.Combine(directory.Path, "password");
            await File.WriteAllTextAsync(passwordFile, superuserPassword);
            var hbaFile = Path.Combine(directory.Path, "pg_hba.conf");
            await File.WriteAllLinesAsync(hbaFile, hbaLines);

            var clock = Stopwatch.StartNew();
            var initdb = await ServerProcess.RunAsync(
                Path.Combine(ServerPackage.PostgreSql.Directory, "initdb"),
                ["-D", data, "-U", User, $"--pwfile={passwordFile}", "--auth=scram-sha-256", "--no-locale", "--encoding=UTF8", "--no-sync", "--no-instructions"],
                User);
            Assert.AreEqual(0, initdb.ExitCode, $"initdb failed:\n{initdb.Output}");
            File.Delete(passwordFile);
            var initDbTime = clock.Elapsed;

            var port = FreePort.Next();
            clock.Restart();
            var process = await ServerProcess.StartAsync(
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
                port,
                User);
            try
            {
                // The postmaster listens before its startup process is done ("the database system is starting up"): wait for it.
                await WaitUntilAcceptingAsync(port, process);
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }

            return new PostgreSqlServer(directory, process, initDbTime, clock.Elapsed);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var postmaster = _process.ProcessId;
        var children = ChildrenOf(postmaster);
        try
        {
            // SIGTERM is PostgreSQL's "smart" shutdown: it waits for open sessions, so close every pooled one first.
            Npgsql.NpgsqlConnection.ClearAllPools();
            await _process.DisposeAsync();
        }
        finally
        {
            _directory.Dispose();
        }

        foreach (var pid in children.Append(postmaster))
        {
            Assert.IsFalse(Directory.Exists($"/proc/{pid}"), $"PostgreSQL process {pid} is still running after the server stopped");
        }

        Assert.IsFalse(Directory.Exists(_directory.Path), $"{_directory.Path} is still there after the server stopped");
    }

    private static async Task WaitUntilAcceptingAsync(int port, ServerProcess process)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            // pg_isready: 0 accepting, 1 rejecting (starting up), 2 no answer.
            var ready = await ServerProcess.RunAsync(
                Path.Combine(ServerPackage.PostgreSql.Directory, "pg_isready"),
                ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", "postgres", "-t", "5"]);
            if (ready.ExitCode == 0)
            {
                return;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"PostgreSQL on 127.0.0.1:{port} did not accept connections within 30 s ({ready.Output.Trim()}). Its output:\n{process.Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The postmaster's children (checkpointer, walwriter, backends ...), from /proc.</summary>
    private static int[] ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after its closing parenthesis.
                var stat = File.ReadAllText(Path.Combine(entry, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return [.. children];
    }
}
