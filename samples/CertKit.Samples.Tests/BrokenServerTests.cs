using System.Net.Security;
using System.Security.Authentication;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.Samples.Tests;

/// <summary>The sample client against every broken certificate in the catalogue: what a user's own test of their client looks like.</summary>
[TestClass]
public sealed class BrokenServerTests
{
    // The catalogue says what a correct peer does, not what .NET does. What .NET 10's SslStream does on Linux, measured by
    // real handshakes (and kept in step with tests/CertKit.Tests/Authority/BrokenCertificateCaseTests.cs):
    // Refuses / Accepts: a .NET server presents it and the .NET client refuses / accepts it (a correct client must refuse);
    // CannotServe: a .NET server on Linux cannot present it; ClientSide: the broken certificate is the client's.
    private enum DotNetOnLinux { Refuses, Accepts, CannotServe, ClientSide }

    private static readonly Dictionary<string, DotNetOnLinux> Measured = new()
    {
        ["expired"] = DotNetOnLinux.Refuses,
        ["not-yet-valid"] = DotNetOnLinux.Refuses,
        ["wrong-host"] = DotNetOnLinux.Refuses,
        ["untrusted-issuer"] = DotNetOnLinux.Refuses,
        ["untrusted-issuer-same-name"] = DotNetOnLinux.Refuses,
        ["self-signed"] = DotNetOnLinux.Refuses,
        ["missing-server-auth"] = DotNetOnLinux.Refuses,
        ["ca-as-leaf"] = DotNetOnLinux.Accepts, // checks neither the leaf's basic constraints nor its missing serverAuth
        ["unknown-critical-extension"] = DotNetOnLinux.Refuses,
        ["intermediate-without-ca-rights"] = DotNetOnLinux.Refuses,
        ["missing-intermediate"] = DotNetOnLinux.Refuses,
        ["name-constraint-violation"] = DotNetOnLinux.Refuses,
        ["path-length-violation"] = DotNetOnLinux.Refuses,
        ["client-certificate-from-another-ca"] = DotNetOnLinux.ClientSide, // a test of your server, not of your client
        ["missing-client-certificate"] = DotNetOnLinux.ClientSide,
        ["revoked"] = DotNetOnLinux.Refuses, // broken.Trust is the revoking authority's, with its responder
        ["weak-rsa-1024"] = DotNetOnLinux.CannotServe, // OpenSSL's security level 2: "ee key too small"
        ["sha1-signature"] = DotNetOnLinux.CannotServe, // "ca md too weak"; from openssl s_server at SECLEVEL=0, the .NET client accepts both
    };

    public static IEnumerable<object[]> BrokenServerCases =>
        BrokenCertificateCase.All.Where(c => Measured[c.Name] is DotNetOnLinux.Refuses or DotNetOnLinux.Accepts).Select(c => new object[] { c });

    [TestMethod]
    [DynamicData(nameof(BrokenServerCases))]
    public async Task GetTheDataAsync_BrokenServerCertificate_RefusedWhereDotNetRefuses(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);
        await using var server = await MockDataServer.StartAsync(broken.CreateServerOptions());
        var client = new DataFetcher(broken.TargetHost, server.Port, broken.Trust.CreateClientOptions(broken.TargetHost));

        if (Measured[brokenCase.Name] == DotNetOnLinux.Refuses)
        {
            await Assert.ThrowsExactlyAsync<AuthenticationException>(() => client.GetTheDataAsync("hello"), brokenCase.Description);
        }
        else
        {
            // .NET's SslStream is lenient here (see the table): a stricter client would refuse.
            Assert.AreEqual("HELLO", await client.GetTheDataAsync("hello"));
        }
    }

    [TestMethod]
    [DynamicData(nameof(BrokenServerCases))]
    public async Task GetTheDataAsync_CallbackOnlyClientAgainstBrokenServer_SameVerdictAsClientOptions(BrokenCertificateCase brokenCase)
    {
        // For clients that take only a validation callback: the callback must refuse what the options refuse, no more, no less.
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);
        await using var server = await MockDataServer.StartAsync(broken.CreateServerOptions());
        var callbackOnly = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = broken.Trust.CreateValidationCallback() };
        var client = new DataFetcher(broken.TargetHost, server.Port, callbackOnly);

        if (Measured[brokenCase.Name] == DotNetOnLinux.Refuses)
        {
            var e = await Assert.ThrowsExactlyAsync<AuthenticationException>(() => client.GetTheDataAsync("hello"), brokenCase.Description);
            StringAssert.Contains(e.Message, "RemoteCertificateValidationCallback");
        }
        else
        {
            Assert.AreEqual("HELLO", await client.GetTheDataAsync("hello"));
        }
    }

    public static IEnumerable<object[]> BrokenClientCases =>
        BrokenCertificateCase.All.Where(c => Measured[c.Name] == DotNetOnLinux.ClientSide).Select(c => new object[] { c });

    public static IEnumerable<object[]> NotServableCases =>
        BrokenCertificateCase.All.Where(c => Measured[c.Name] == DotNetOnLinux.CannotServe).Select(c => new object[] { c });

    [TestMethod]
    public void All_EveryCase_HasAMeasuredOutcome()
    {
        // A new case fails here until someone measures what .NET does with it.
        Assert.HasCount(18, BrokenCertificateCase.All);
        CollectionAssert.AreEquivalent(Measured.Keys.ToArray(), BrokenCertificateCase.All.Select(c => c.Name).ToArray());
        CollectionAssert.AreEquivalent(
            BrokenCertificateCase.All.Where(c => c.IsClientCertificate).Select(c => c.Name).ToArray(),
            Measured.Where(m => m.Value == DotNetOnLinux.ClientSide).Select(m => m.Key).ToArray());
    }

    [TestMethod]
    [DynamicData(nameof(BrokenClientCases))]
    public async Task GetTheDataAsync_BrokenClientCertificate_ServerRefusesAndGoodClientIsAnswered(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);
        using var alice = ca.IssueClientCertificate("alice");
        await using var server = await MockDataServer.StartAsync(broken.CreateServerOptions()); // requires a client certificate from ca
        var brokenClient = new DataFetcher(broken.TargetHost, server.Port, broken.CreateClientOptions());
        var goodClient = new DataFetcher(broken.TargetHost, server.Port, broken.Trust.CreateClientOptions(broken.TargetHost, alice));

        // TLS 1.3: the client's side of the handshake ends before the server judges its certificate, so the refusal is a closed connection.
        await Assert.ThrowsAsync<IOException>(() => brokenClient.GetTheDataAsync("hello"), brokenCase.Description);
        Assert.AreEqual("HELLO", await goodClient.GetTheDataAsync("hello"));
        await server.DisposeAsync(); // every handler has finished and counted
        Assert.AreEqual(1, server.FailedConnections);
        Assert.AreEqual(1, server.AnsweredConnections);
    }

    [TestMethod]
    [DynamicData(nameof(NotServableCases))]
    public async Task StartAsync_CertificateOpenSslWillNotLoad_NoConnectionIsAnswered(BrokenCertificateCase brokenCase)
    {
        using var ca = TestCertificateAuthority.Create();
        using var broken = brokenCase.CreateFor(ca);
        await using var server = await MockDataServer.StartAsync(broken.CreateServerOptions());
        var client = new DataFetcher(broken.TargetHost, server.Port, broken.Trust.CreateClientOptions(broken.TargetHost));

        var e = await Assert.ThrowsExactlyAsync<AuthenticationException>(() => client.GetTheDataAsync("hello"));

        // The server gave up before it sent a certificate (OpenSSL alerts the client): the client never judged one.
        TestContext.WriteLine($"{brokenCase}: the client saw {e}");
        Assert.IsFalse(e.Message.Contains("remote certificate", StringComparison.OrdinalIgnoreCase), e.Message);
        StringAssert.Contains(e.ToString(), "alert");
        await server.DisposeAsync();
        Assert.AreEqual(0, server.AnsweredConnections);
        Assert.AreEqual(1, server.FailedConnections);
    }

    public TestContext TestContext { get; set; } = null!;
}
