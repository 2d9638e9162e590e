using System.Security.Authentication;
using CertKit;
using CertKit.Samples;

// The walkthrough of the seed pattern (docs/recipes.md), end to end: every step prints what it shows, and the exit code is 0
// only if every step came out as it should.

Console.WriteLine("1. Create a temporary certificate for localhost, 127.0.0.1 and ::1");
var cert = TemporaryCertificate.Create();
Console.WriteLine($"   {cert.Certificate.Subject}, valid until {cert.Certificate.NotAfter:u}");
var files = cert.WriteFiles(); // only code that wants paths needs files: the server and client below do not
Console.WriteLine($"   certificate file: {files.CertificatePath}");
Console.WriteLine($"   private key file: {files.PrivateKeyPath}");
string[] written = [files.CertificatePath, files.PrivateKeyPath, files.ChainPath, files.FullChainPath, files.TrustAnchorPath, cert.WritePfxFile("walkthrough")];

await using (var server = await MockDataServer.StartAsync(cert))
{
    Console.WriteLine($"2. Start the mock server over TLS on 127.0.0.1:{server.Port}");

    var trusting = new DataFetcher("localhost", server.Port, cert.Trust.CreateClientOptions("localhost"));
    var answer = await trusting.GetTheDataAsync("hello");
    Console.WriteLine($"3. A client that trusts the certificate asks 'hello' and gets '{answer}'");
    Check(answer == "HELLO", "the trusted client should get HELLO");

    using var other = TemporaryCertificate.Create();
    var distrusting = new DataFetcher("localhost", server.Port, other.Trust.CreateClientOptions("localhost"));
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
var left = written.Where(File.Exists).ToList();
Console.WriteLine($"5. Dispose the certificate: {written.Length - left.Count} of {written.Length} files deleted");
Check(left.Count == 0, "nothing of the certificate should be left on disk");

Console.WriteLine("All steps passed.");
return 0;

static void Check(bool condition, string expectation)
{
    if (!condition)
    {
        Console.Error.WriteLine($"FAILED: {expectation}");
        Environment.Exit(1);
    }
}
