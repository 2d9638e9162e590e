using System.Diagnostics;
using System.Globalization;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// A private MariaDB on 127.0.0.1 that accepts only TLS (<c>require_secure_transport</c>) with a CertKit server certificate,
/// checks client certificates against the certificate's authority, and has two users: <see cref="PasswordUser"/> (TLS, a
/// password, no client certificate) and <see cref="CertificateUser"/> (<c>REQUIRE X509</c>: a client certificate from the
/// authority, no password). Its data directory, socket and certificate files are in one scratch directory, deleted on dispose.
/// </summary>
internal sealed class MariaDbServer : IAsyncDisposable
{
    public const string PasswordUser = "certkit";
    public const string Password = "certkit-password";
    public const string CertificateUser = "alice";

    // Debian's mariadb-server-core creates no 'mysql' user (mariadb-server does), so the server runs as nobody: files are
    // chowned to the name, the processes started by number, because setpriv wants a group named like the user and
    // nobody's group is nogroup.
    private const string User = "nobody";
    private const string UserId = "65534";

    private readonly ServerDirectory _directory;
    private ServerProcess? _process;

    private MariaDbServer(ServerDirectory directory) => _directory = directory;

    public int Port => _process!.Port;

    /// <summary>From the start of mariadbd to its first accepted connection (mariadb-install-db not included).</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>How long mariadb-install-db took to make the data directory.</summary>
    public TimeSpan InstallTime { get; private set; }

    public string Output => _process?.Output ?? string.Empty;

    public static async Task<MariaDbServer> StartAsync(TemporaryCertificate certificate)
    {
        ServerPackage.MariaDb.RequireInstalled();
        var server = new MariaDbServer(new ServerDirectory("mariadb"));
        try
        {
            await server.StartCoreAsync(certificate);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }
        }
        finally
        {
            _directory.Dispose();
        }

        Assert.IsFalse(Directory.Exists(_directory.Path), $"{_directory.Path} is still there after the server stopped");
    }

    private async Task StartCoreAsync(TemporaryCertificate certificate)
    {
        var data = _directory.CreateOwnedBy("data", User);
        var installing = Stopwatch.StartNew();
        var install = await ServerProcess.RunAsync(
            "/usr/bin/mariadb-install-db",
            ["--no-defaults", $"--datadir={data}", "--skip-test-db"],
            UserId);
        Assert.AreEqual(0, install.ExitCode, $"mariadb-install-db failed:\n{install.Output}");
        InstallTime = installing.Elapsed;

        // The server reads its key as its own user: CertKit writes the files into a directory that user owns.
        var files = certificate.WriteFiles(_directory.Path, User);

        // Run by the server at start-up, before it serves connections, so no client tool is needed.
        var initFile = Path.Combine(_directory.Path, "init.sql");
        await File.WriteAllLinesAsync(initFile, [
            $"CREATE USER '{PasswordUser}'@'127.0.0.1' IDENTIFIED BY '{Password}' REQUIRE SSL;",
            $"CREATE USER '{CertificateUser}'@'127.0.0.1' REQUIRE X509;",
            $"GRANT SELECT ON *.* TO '{PasswordUser}'@'127.0.0.1', '{CertificateUser}'@'127.0.0.1';",
        ]);

        var port = FreePort.Next();
        var started = Stopwatch.StartNew();
        _process = await ServerProcess.StartAsync(
            ServerPackage.MariaDb.Executable,
            [
                "--no-defaults",
                $"--datadir={data}",
                $"--socket={Path.Combine(data, "mariadb.sock")}",
                $"--port={port.ToString(CultureInfo.InvariantCulture)}",
                "--bind-address=127.0.0.1",
                "--skip-name-resolve",
                $"--init-file={initFile}",
                $"--ssl-cert={files.ChainPath}",
                $"--ssl-key={files.PrivateKeyPath}",
                $"--ssl-ca={files.TrustAnchorPath}",
                "--require-secure-transport=ON",
            ],
            port,
            UserId);
        StartTime = started.Elapsed;
    }
}
