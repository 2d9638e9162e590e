using System.Diagnostics;
using System.Security.Authentication;
using CertKit;
using Npgsql;

namespace CertKit.Servers.Tests;

/// <summary>
/// PostgreSQL 15 with CertKit's certificates, and Npgsql with full validation (<c>SslMode=VerifyFull</c>). One server:
/// the superuser <c>postgres</c> logs in with a password over TLS (server authentication only), the role <c>alice</c>
/// only with a client certificate whose CN is <c>alice</c> (<c>hostssl ... cert</c>: mutual TLS required).
/// </summary>
[TestClass]
public sealed class PostgreSqlTests
{
    private const string Password = "certkit-test-password";
    private const string ClientRole = "alice";
    private const string CertificateVerifyFailed = "could not accept SSL connection: certificate verify failed";

    private static readonly Stopwatch ClassClock = new();
    private static TestCertificateAuthority? _ca;
    private static TestCertificateAuthority? _stranger;
    private static TemporaryCertificate? _serverCertificate;
    private static TemporaryCertificate? _client;
    private static TemporaryCertificate? _strangerClient;
    private static PostgreSqlServer? _server;

    private static TestCertificateAuthority Ca => _ca!;

    private static PostgreSqlServer Server => _server!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartServer(TestContext context)
    {
        ClassClock.Start();
        ServerPackage.PostgreSql.RequireInstalled();
        try
        {
            _ca = TestCertificateAuthority.Create();
            _stranger = TestCertificateAuthority.Create();
            // "localhost" only: connecting to 127.0.0.1 is then the wrong host name.
            _serverCertificate = _ca.IssueServerCertificate("localhost");
            _client = _ca.IssueClientCertificate(ClientRole);
            _strangerClient = _stranger.IssueClientCertificate(ClientRole);
            _server = await PostgreSqlServer.StartAsync(
                _serverCertificate,
                Password,
                $"hostssl all {ClientRole} 127.0.0.1/32 cert",
                "hostssl all postgres 127.0.0.1/32 scram-sha-256");
            context.WriteLine($"PostgreSQL: initdb {_server.InitDbTime.TotalMilliseconds:F0} ms, start to accepting {_server.StartTime.TotalMilliseconds:F0} ms");

            // The role named like the client certificate's CN, created over the same verified TLS the tests use.
            await using var connection = new NpgsqlConnection(ServerAuthenticated(Ca.Trust.WriteCaFile()));
            await connection.OpenAsync(context.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE ROLE {ClientRole} LOGIN", connection);
            await create.ExecuteNonQueryAsync(context.CancellationToken);
        }
        catch
        {
            // The class's tests fail; the server and its files must still go.
            await StopServerAsync();
            throw;
        }
    }

    [ClassCleanup]
    public static async Task StopServer(TestContext context)
    {
        await StopServerAsync();
        context.WriteLine($"PostgreSqlTests: {ClassClock.Elapsed.TotalMilliseconds:F0} ms in all");
    }

    /// <summary>Stops the server (asserting that nothing of it remains) and disposes the certificates; safe to call twice.</summary>
    private static async Task StopServerAsync()
    {
        try
        {
            if (_server is { } server)
            {
                _server = null;
                await server.DisposeAsync();
            }
        }
        finally
        {
            _strangerClient?.Dispose();
            _client?.Dispose();
            _serverCertificate?.Dispose();
            _stranger?.Dispose();
            _ca?.Dispose();
        }
    }

    [TestMethod]
    public async Task Open_AuthorityRootCertificate_RunsQueryOverTls()
    {
        // The recipe: the authority's root as Npgsql's Root Certificate, with VerifyFull.
        var connectionString = $"Host=localhost;Port={Server.Port};Username=postgres;Password={Password};SSL Mode=VerifyFull;Root Certificate={Ca.Trust.WriteCaFile()}";

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.CancellationToken);

        Assert.IsTrue(await ScalarAsync<bool>(connection, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"));
    }

    [TestMethod]
    public async Task Open_StrangerRootCertificate_ThrowsRemoteCertificateRejected()
    {
        var error = await OpenFailsAsync(ServerAuthenticated(_stranger!.Trust.WriteCaFile()));

        AssertRemoteCertificateRejected(error);
    }

    [TestMethod]
    public async Task Open_HostNotInCertificate_ThrowsRemoteCertificateRejected()
    {
        // Npgsql's VerifyFull checks the host name it connects to: 127.0.0.1 reaches the server, whose certificate names only localhost.
        var error = await OpenFailsAsync(ServerAuthenticated(Ca.Trust.WriteCaFile(), host: "127.0.0.1"));

        // The same words as for an untrusted root: Npgsql does not say which check failed.
        AssertRemoteCertificateRejected(error);
    }

    [TestMethod]
    public async Task Open_ClientCertificateFromAuthority_LogsInAsItsCommonName()
    {
        // The recipe for mutual TLS: the client's PEM files as SSL Certificate and SSL Key; the role is the certificate's CN.
        var files = _client!.WriteFiles();
        var connectionString = $"Host=localhost;Port={Server.Port};Username={ClientRole};Database=postgres;SSL Mode=VerifyFull;Root Certificate={Ca.Trust.WriteCaFile()};SSL Certificate={files.CertificatePath};SSL Key={files.PrivateKeyPath}";

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.CancellationToken);

        Assert.AreEqual(ClientRole, await ScalarAsync<string>(connection, "SELECT current_user"));
        StringAssert.EndsWith(await ScalarAsync<string>(connection, "SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()"), $"/CN={ClientRole}");
    }

    [TestMethod]
    public async Task Open_InMemoryCertificatesFromAuthority_LogsInAsItsCommonName()
    {
        // The same without files: the root and the client certificate (with its key) as objects, on a data source.
        var builder = new NpgsqlDataSourceBuilder($"Host=localhost;Port={Server.Port};Username={ClientRole};Database=postgres;SSL Mode=VerifyFull");
        builder.UseRootCertificates(Ca.Trust.CreateCertificateCollection());
        builder.UseSslClientAuthenticationOptionsCallback(options => options.ClientCertificates = [_client!.Certificate]);
        await using var dataSource = builder.Build();

        await using var connection = await dataSource.OpenConnectionAsync(TestContext.CancellationToken);

        Assert.AreEqual(ClientRole, await ScalarAsync<string>(connection, "SELECT current_user"));
    }

    [TestMethod]
    public async Task Open_InMemoryStrangerRoot_ThrowsRemoteCertificateRejected()
    {
        var builder = new NpgsqlDataSourceBuilder($"Host=localhost;Port={Server.Port};Username={ClientRole};Database=postgres;SSL Mode=VerifyFull");
        builder.UseRootCertificates(_stranger!.Trust.CreateCertificateCollection());
        builder.UseSslClientAuthenticationOptionsCallback(options => options.ClientCertificates = [_client!.Certificate]);
        await using var dataSource = builder.Build();

        var error = await Assert.ThrowsAsync<NpgsqlException>(() => dataSource.OpenConnectionAsync(TestContext.CancellationToken).AsTask());

        AssertRemoteCertificateRejected(error);
    }

    [TestMethod]
    public async Task Open_NoClientCertificate_ThrowsConnectionRequiresValidClientCertificate()
    {
        var error = await OpenFailsAsync($"Host=localhost;Port={Server.Port};Username={ClientRole};Database=postgres;SSL Mode=VerifyFull;Root Certificate={Ca.Trust.WriteCaFile()}");

        // The TLS handshake succeeds (the certificate is optional to TLS); the hba line "cert" then refuses the login.
        Assert.IsInstanceOfType<PostgresException>(error);
        var postgres = (PostgresException)error;
        Assert.AreEqual("28000", postgres.SqlState);
        StringAssert.Contains(postgres.MessageText, "connection requires a valid client certificate");
    }

    [TestMethod]
    public async Task Open_ClientCertificateFromStranger_ThrowsIOExceptionAndServerLogsCertificateVerifyFailed()
    {
        var files = _strangerClient!.WriteFiles();
        var before = Server.CountInLog(CertificateVerifyFailed);

        var error = await OpenFailsAsync($"Host=localhost;Port={Server.Port};Username={ClientRole};Database=postgres;SSL Mode=VerifyFull;Root Certificate={Ca.Trust.WriteCaFile()};SSL Certificate={files.CertificatePath};SSL Key={files.PrivateKeyPath}");

        // With TLS 1.3 the client's handshake is over before the server checks the client's certificate: the server's alert
        // comes on the client's first read ("tlsv1 alert unknown ca"), or, if the server has already closed, its first write
        // fails ("Connection reset by peer"). Which one is a race: the server's log says why.
        Assert.IsInstanceOfType<NpgsqlException>(error);
        Assert.IsInstanceOfType<IOException>(error.InnerException);
        if (error.Message.Contains("Exception while reading from stream", StringComparison.Ordinal))
        {
            StringAssert.Contains(error.InnerException.Message, "The decryption operation failed");
            StringAssert.Contains(Innermost(error).Message, "tlsv1 alert unknown ca");
        }
        else
        {
            StringAssert.Contains(error.Message, "Exception while writing to stream");
            StringAssert.Contains(error.InnerException.Message, "Connection reset by peer");
        }

        await Server.AssertLogsAsync(CertificateVerifyFailed, before);
    }

    private static string ServerAuthenticated(string rootCertificate, string host = "localhost") =>
        $"Host={host};Port={Server.Port};Username=postgres;Password={Password};SSL Mode=VerifyFull;Root Certificate={rootCertificate}";

    private async Task<Exception> OpenFailsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var error = await Assert.ThrowsAsync<Exception>(() => connection.OpenAsync(TestContext.CancellationToken));
        TestContext.WriteLine(error.ToString());
        return error;
    }

    /// <summary>What Npgsql reports when its validation refuses the server's certificate (untrusted root or wrong host).</summary>
    private static void AssertRemoteCertificateRejected(Exception error)
    {
        Assert.IsInstanceOfType<NpgsqlException>(error);
        StringAssert.Contains(error.Message, "Exception while performing SSL handshake");
        Assert.IsInstanceOfType<AuthenticationException>(error.InnerException);
        StringAssert.Contains(error.InnerException.Message, "The remote certificate was rejected by the provided RemoteCertificateValidationCallback");
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error;
    }

    private async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.CancellationToken))!;
    }
}
