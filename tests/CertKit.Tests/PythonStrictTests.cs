using CertKit.Tests.Support;

namespace CertKit.Tests;

/// <summary>
/// Python's ssl module with VERIFY_X509_STRICT, the default from Python 3.13 on: it refuses certificates that
/// lack an AKI, have a non-critical basicConstraints on a CA, and other shortcuts test certificates often take.
/// </summary>
[TestClass]
public sealed class PythonStrictTests
{
    private const string Client = """
        import socket, ssl, sys
        port, cafile, host = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        context = ssl.create_default_context(cafile=cafile)
        context.verify_flags |= ssl.VERIFY_X509_STRICT
        with socket.create_connection(("127.0.0.1", port), timeout=20) as raw:
            with context.wrap_socket(raw, server_hostname=host) as tls:
                tls.sendall(b"hello\n")
                print(tls.recv(100).decode().strip())
        """;

    public static IEnumerable<object[]> Algorithms => [[KeyAlgorithm.EcdsaP256], [KeyAlgorithm.EcdsaP384], [KeyAlgorithm.Rsa2048]];

    [TestMethod]
    [DynamicData(nameof(Algorithms))]
    public async Task StrictClient_SelfSignedDefaults_Accepted(KeyAlgorithm algorithm)
    {
        using var cert = TemporaryCertificate.Create(new CertificateOptions { KeyAlgorithm = algorithm });

        var result = await ConnectAsync(cert.Trust.CreateServerOptions(cert), cert.WriteFiles().TrustAnchorPath, "localhost");

        Assert.AreEqual(0, result.ExitCode, result.Output);
        Assert.AreEqual("HELLO", result.StandardOutput.Trim());
    }

    [TestMethod]
    public async Task StrictClient_ChainOfThreeFromRsaRoot_Accepted()
    {
        using var root = TestCertificateAuthority.Create(new CertificateOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        var intermediate = root.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate("localhost");

        var result = await ConnectAsync(leaf.Trust.CreateServerOptions(leaf), leaf.WriteFiles().TrustAnchorPath, "localhost");

        Assert.AreEqual(0, result.ExitCode, result.Output);
        Assert.AreEqual("HELLO", result.StandardOutput.Trim());
    }

    [TestMethod]
    public async Task StrictClient_TrustingAnotherCa_Refused()
    {
        using var ca = TestCertificateAuthority.Create();
        using var stranger = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate("localhost");

        var result = await ConnectAsync(leaf.Trust.CreateServerOptions(leaf), stranger.Certificate.WriteFiles().TrustAnchorPath, "localhost");

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, "CERTIFICATE_VERIFY_FAILED");
    }

    [TestMethod]
    public async Task StrictClient_WrongHost_Refused()
    {
        using var ca = TestCertificateAuthority.Create();
        using var leaf = ca.IssueServerCertificate("api.test");

        var result = await ConnectAsync(leaf.Trust.CreateServerOptions(leaf), leaf.WriteFiles().TrustAnchorPath, "localhost");

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, "Hostname mismatch");
    }

    private static async Task<ProcessResult> ConnectAsync(System.Net.Security.SslServerAuthenticationOptions serverOptions, string caFile, string host)
    {
        Python.Tool.RequireInstalled();
        using var server = new ServeOnce(serverOptions);
        var result = await Python.Tool.RunAsync(["-c", Client, server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), caFile, host]);
        await server.Answered;
        return result;
    }
}
