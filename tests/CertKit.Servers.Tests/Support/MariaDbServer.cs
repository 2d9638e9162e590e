using System.Globalization;
using MySqlConnector;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// A private MariaDB on 127.0.0.1 that accepts only TLS (<c>require_secure_transport</c>) with a CertKit server certificate,
/// checks client certificates against the certificate's authority, and has two users: <see cref="PasswordUser"/> (TLS, a
/// password, no client certificate) and <see cref="CertificateUser"/> (<c>REQUIRE X509</c>: a client certificate from the
/// authority, no password). Its data directory, socket and certificate files are in one scratch directory, deleted on dispose.
/// </summary>
internal sealed class MariaDbServer : LoopbackServer
{
    public const string PasswordUser = "certkit";
    public const string Password = "certkit-password";
    public const string CertificateUser = ServerTestPki.ClientName;

    /// <summary>
    /// The package's own user where mariadb-server made it; Debian's mariadb-server-core alone makes none, and then the
    /// server runs as nobody (with nobody's group, nogroup).
    /// </summary>
    private static readonly string User = UnixUser.Exists("mysql") ? "mysql" : "nobody";

    private MariaDbServer()
        : base(ServerPackage.MariaDb)
    {
    }

    public static Task<MariaDbServer> StartAsync(TemporaryCertificate certificate)
    {
        var server = new MariaDbServer();
        return StartAsync(server, () => server.StartCoreAsync(certificate));
    }

    /// <summary>Pooled sessions would meet the shutdown as broken connections: close them first.</summary>
    protected override void BeforeStop() => MySqlConnection.ClearAllPools();

    private async Task StartCoreAsync(TemporaryCertificate certificate)
    {
        var data = Scratch.CreateOwnedBy("data", User);
        await RunToolAsync("/usr/bin/mariadb-install-db", ["--no-defaults", $"--datadir={data}", "--skip-test-db"], User);

        // The server reads its key as its own user: CertKit writes the files into a directory that user owns.
        var files = certificate.WriteFiles(Scratch.Path, User);

        // Run by the server at start-up, before it serves connections, so no client tool is needed.
        var initFile = Path.Combine(Scratch.Path, "init.sql");
        await File.WriteAllLinesAsync(initFile, [
            $"CREATE USER '{PasswordUser}'@'127.0.0.1' IDENTIFIED BY '{Password}' REQUIRE SSL;",
            $"CREATE USER '{CertificateUser}'@'127.0.0.1' REQUIRE X509;",
            $"GRANT SELECT ON *.* TO '{PasswordUser}'@'127.0.0.1', '{CertificateUser}'@'127.0.0.1';",
        ]);

        var port = FreePort.Next();
        await StartProcessAsync(
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
            [port],
            User);
    }
}
