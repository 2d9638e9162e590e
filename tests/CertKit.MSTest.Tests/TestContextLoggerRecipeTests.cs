using CertKit.MSTest.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.MSTest.Tests;

/// <summary>The logger recipe of docs/test-frameworks.md, run against MSTest's real context and checked through a recording wrapper.</summary>
[TestClass]
public sealed class TestContextLoggerRecipeTests
{
    private RecordingTestContext _output = null!;

    // MSTest sets this before each test. Wrapping it lets the test read back what the snippet wrote, while every line
    // still reaches the real test output, and the snippet reads exactly as it would in a user's test.
    public TestContext TestContext
    {
        get => _output;
        set => _output = new RecordingTestContext(value);
    }

    [TestMethod]
    public void Recipe_AsInDocs_WritesCertKitEventsToTestOutput()
    {
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = new TestContextLogger(TestContext) });
        using var leaf = ca.IssueServerCertificate("localhost"); // an authority's logger is its certificates' logger
        var files = leaf.WriteFiles();
        // The test's output now reads:
        // Debug [1 CertificateCreated] Created certificate CN=CertKit Test Root CA 0451C3A1, O=CertKit for no names (ECDSA P-256, serial 75FE..., valid ...)
        // Debug [1 CertificateCreated] Created certificate CN=localhost, O=CertKit for localhost (ECDSA P-256, serial 7C92..., valid ...)
        // Debug [2 FileWritten] Wrote /tmp/certkit-.../certificate.pem
        // and one such line for each of private-key.pem, chain.pem, fullchain.pem and trust-anchor.pem;
        // when the test ends, a "Debug [3 CertificateDisposed]" line for each certificate.

        var lines = _output.Lines;
        Assert.HasCount(7, lines);
        StringAssert.StartsWith(lines[0], $"Debug [1 CertificateCreated] Created certificate {ca.Certificate.Certificate.Subject} for no names (");
        StringAssert.StartsWith(lines[1], "Debug [1 CertificateCreated] Created certificate CN=localhost, O=CertKit for localhost (");
        string[] written = [files.CertificatePath, files.PrivateKeyPath, files.ChainPath, files.FullChainPath, files.TrustAnchorPath];
        CollectionAssert.AreEqual(written.Select(path => $"Debug [2 FileWritten] Wrote {path}").ToArray(), lines.Skip(2).ToArray());
    }
}
