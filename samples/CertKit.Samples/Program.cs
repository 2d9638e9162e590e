using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CertKit;
using CertKit.Samples;

// The walkthrough of README.md, end to end: every step prints what it shows, and the exit code is 0
// only if every step came out as it should.

Console.WriteLine("1. Create a temporary certificate for localhost, 127.0.0.1 and ::1");
var cert = TemporaryCertificate.Create();
Console.WriteLine($"   {cert.Certificate.Subject}, valid until {cert.Certificate.NotAfter:u}");
Console.WriteLine($"   certificate file: {cert.CertificatePemPath}");
Console.WriteLine($"   private key file: {cert.PrivateKeyPemPath}");
string[] files = [cert.CertificatePemPath, cert.PrivateKeyPemPath, cert.PfxPath];

await using (var server = await MockDataServer.StartAsync(cert.Certificate))
{
    Console.WriteLine($"2. Start the mock server over TLS on 127.0.0.1:{server.Port}");

    var trusting = new DataFetcher("localhost", server.Port, TrustOnly(cert.Certificate));
    var answer = await trusting.GetTheDataAsync("hello");
    Console.WriteLine($"3. A client that trusts the certificate asks 'hello' and gets '{answer}'");
    Check(answer == "HELLO", "the trusted client should get HELLO");

    using var other = TemporaryCertificate.Create();
    var distrusting = new DataFetcher("localhost", server.Port, TrustOnly(other.Certificate));
    try
    {
        await distrusting.GetTheDataAsync("hello");
        Check(false, "a client that trusts a different certificate should be refused");
    }
    catch (AuthenticationException e)
    {
        Console.WriteLine($"4. A client that trusts a different certificate is refused: {e.Message}");
    }
}

cert.Dispose();
var left = files.Where(File.Exists).ToList();
Console.WriteLine($"5. Dispose the certificate: {files.Length - left.Count} of {files.Length} files deleted, directory gone: {!Directory.Exists(Path.GetDirectoryName(files[0]))}");
Check(left.Count == 0 && !Directory.Exists(Path.GetDirectoryName(files[0])), "nothing should be left on disk");

Console.WriteLine("All steps passed.");
return 0;

// Trust exactly this certificate as a root: no machine store, no callback that says yes to everything.
static SslClientAuthenticationOptions TrustOnly(X509Certificate2 trusted) => new()
{
    CertificateChainPolicy = new X509ChainPolicy
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        CustomTrustStore = { trusted },
    },
};

static void Check(bool condition, string expectation)
{
    if (!condition)
    {
        Console.Error.WriteLine($"FAILED: {expectation}");
        Environment.Exit(1);
    }
}
