using System.Security.Authentication;
using CertKit;
using MySqlConnector;

namespace CertKit.Servers.Tests;

/// <summary>
/// MariaDB 10.11 with CertKit's certificates (<c>require_secure_transport</c>), and MySqlConnector with full validation
/// (<c>SslMode=VerifyFull</c>, the authority's root as <c>SslCa</c>). One server: <c>certkit</c> logs in with a password
/// over TLS (server authentication only), <c>alice</c> only with a client certificate from the authority (<c>REQUIRE X509</c>).
/// </summary>
[TestClass]
public sealed class MariaDbTests
{
    private static ServerFixture<MariaDbServer>? _fixture;

    private static ServerTestPki Pki => _fixture!.Pki;

    private static TestCertificateAuthority Ca => Pki.Ca;

    private static MariaDbServer Server => _fixture!.Server;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartServer(TestContext context) => _fixture = await ServerFixture.StartAsync(
        context,
        // "localhost" only: connecting to 127.0.0.1 is then the wrong host name.
        ServerTestPki.Create(["localhost"]),
        pki => MariaDbServer.StartAsync(pki.ServerCertificate));

    [ClassCleanup]
    public static Task StopServer(TestContext context) => ServerFixture.StopAsync(_fixture, context);

    [TestMethod]
    public async Task Open_AuthorityCaFile_RunsQueryOverTls()
    {
        // The recipe: VerifyFull, and the authority's root as SslCa.
        var connectionString = $"Server=localhost;Port={Server.Port};User ID=certkit;Password={MariaDbServer.Password};SslMode=VerifyFull;SslCa={Ca.Trust.WriteCaFile()}";

        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(TestContext.CancellationToken);

        Assert.AreEqual(1, await connection.ScalarAsync<int>("SELECT 1", TestContext.CancellationToken));
        StringAssert.StartsWith(await StatusAsync(connection, "Ssl_version"), "TLSv1.");
    }

    [TestMethod]
    public async Task Open_StrangerCaFile_ThrowsRemoteCertificateChainErrors()
    {
        var error = await OpenFailsAsync(PasswordLogin(Pki.Stranger.Trust.WriteCaFile()));

        AssertSslAuthenticationError(error, "RemoteCertificateChainErrors");
    }

    [TestMethod]
    public async Task Open_HostNotInCertificate_ThrowsRemoteCertificateNameMismatch()
    {
        // MySqlConnector's VerifyFull checks the host it connects to: 127.0.0.1 reaches the server, whose certificate names only localhost.
        var error = await OpenFailsAsync(PasswordLogin(Ca.Trust.WriteCaFile(), host: "127.0.0.1"));

        AssertSslAuthenticationError(error, "RemoteCertificateNameMismatch");
    }

    [TestMethod]
    public async Task Open_ClientCertificateFromAuthority_LogsInAsX509User()
    {
        // The recipe for mutual TLS: the client's PEM files as SslCert and SslKey.
        var files = Pki.Alice.WriteFiles();
        var connectionString = $"Server=localhost;Port={Server.Port};User ID=alice;SslMode=VerifyFull;SslCa={Ca.Trust.WriteCaFile()};SslCert={files.CertificatePath};SslKey={files.PrivateKeyPath}";

        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(TestContext.CancellationToken);

        Assert.AreEqual("alice@127.0.0.1", await connection.ScalarAsync<string>("SELECT CURRENT_USER()", TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Open_InMemoryCallbacksFromAuthority_LogsInAsX509User()
    {
        // Without files: CertKit's validation callback and the client certificate object. MySqlConnector calls the callback
        // only with SslMode=Required (or Preferred, which falls back to plain text): with VerifyCA/VerifyFull it ignores it.
        await using var dataSource = new MySqlDataSourceBuilder($"Server=localhost;Port={Server.Port};User ID=alice;SslMode=Required")
            .UseRemoteCertificateValidationCallback(Ca.Trust.CreateValidationCallback())
            .UseClientCertificatesCallback(certificates =>
            {
                certificates.Add(Pki.Alice.Certificate);
                return default;
            })
            .Build();

        await using var connection = await dataSource.OpenConnectionAsync(TestContext.CancellationToken);

        Assert.AreEqual("alice@127.0.0.1", await connection.ScalarAsync<string>("SELECT CURRENT_USER()", TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Open_ValidationCallbackHostNotInCertificate_ThrowsRejectedByCallback()
    {
        // CertKit's callback keeps the platform's host-name verdict, so SslMode=Required with it still checks the name.
        await using var dataSource = new MySqlDataSourceBuilder($"Server=127.0.0.1;Port={Server.Port};User ID={MariaDbServer.PasswordUser};Password={MariaDbServer.Password};SslMode=Required")
            .UseRemoteCertificateValidationCallback(Ca.Trust.CreateValidationCallback())
            .Build();

        var error = await Assert.ThrowsAsync<MySqlException>(() => dataSource.OpenConnectionAsync(TestContext.CancellationToken).AsTask());
        TestContext.WriteLine(error.ToString());

        Assert.AreEqual("SSL Authentication Error", error.Message);
        Assert.IsInstanceOfType<AuthenticationException>(error.InnerException);
        StringAssert.Contains(error.InnerException.Message, "The remote certificate was rejected by the provided RemoteCertificateValidationCallback");
    }

    [TestMethod]
    public async Task Open_NoClientCertificate_ThrowsAccessDenied()
    {
        var error = await OpenFailsAsync($"Server=localhost;Port={Server.Port};User ID=alice;SslMode=VerifyFull;SslCa={Ca.Trust.WriteCaFile()}");

        // TLS succeeds (the server asks for a certificate but does not insist); REQUIRE X509 then refuses the login.
        Assert.IsInstanceOfType<MySqlException>(error);
        var mysql = (MySqlException)error;
        Assert.AreEqual(MySqlErrorCode.AccessDenied, mysql.ErrorCode);
        Assert.AreEqual("Access denied for user 'alice'@'127.0.0.1' (using password: NO)", mysql.Message);
    }

    [TestMethod]
    public async Task Open_ClientCertificateFromStranger_ThrowsCouldNotConnect()
    {
        var files = Pki.StrangerClient.WriteFiles();

        var error = await OpenFailsAsync($"Server=localhost;Port={Server.Port};User ID=alice;SslMode=VerifyFull;SslCa={Ca.Trust.WriteCaFile()};SslCert={files.CertificatePath};SslKey={files.PrivateKeyPath}");

        // With TLS 1.3 the client's handshake completes before the server checks its certificate. The server answers with
        // the alert "unknown ca" and closes: the client's next write (its login packet) meets "Connection reset by peer"
        // (or "The encryption operation failed"), or its next read the alert, whichever comes first (about half and half here).
        Assert.IsInstanceOfType<MySqlException>(error);
        Assert.AreEqual("Couldn't connect to server", error.Message);
        Assert.IsInstanceOfType<IOException>(error.InnerException);
        ExceptionChain.AssertMentionsAny(error, "alert unknown ca", "Connection reset by peer", "The encryption operation failed");
    }

    private static string PasswordLogin(string caFile, string host = "localhost") =>
        $"Server={host};Port={Server.Port};User ID={MariaDbServer.PasswordUser};Password={MariaDbServer.Password};SslMode=VerifyFull;SslCa={caFile}";

    private Task<Exception> OpenFailsAsync(string connectionString) => new MySqlConnection(connectionString).OpenFailsAsync(TestContext);

    /// <summary>What MySqlConnector reports when its own validation (VerifyFull with SslCa) refuses the server's certificate.</summary>
    private static void AssertSslAuthenticationError(Exception error, string policyError)
    {
        Assert.IsInstanceOfType<MySqlException>(error);
        Assert.AreEqual("SSL Authentication Error", error.Message);
        Assert.IsInstanceOfType<AuthenticationException>(error.InnerException);
        Assert.AreEqual($"The remote certificate was rejected due to the following error: {policyError}", error.InnerException.Message);
    }

    private async Task<string> StatusAsync(MySqlConnection connection, string name)
    {
        await using var command = new MySqlCommand($"SHOW SESSION STATUS LIKE '{name}'", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.CancellationToken);
        Assert.IsTrue(await reader.ReadAsync(TestContext.CancellationToken), $"no status {name}");
        return reader.GetString(1);
    }
}
