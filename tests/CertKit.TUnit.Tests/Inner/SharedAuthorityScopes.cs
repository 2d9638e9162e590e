using CertKit.MSTest.Tests.Support;

// The classes of this namespace are ordinary tests, and RunnerOutputTests also runs them in a child process of the same
// test application, then reads that run's TRX: what each test wrote (its probe line, its log lines) and which display name
// the runner gave it, after the child's TUnit has disposed every shared authority and exited.
namespace CertKit.TUnit.Tests.Inner;

/// <summary>Each test writes "probe SCOPE THUMBPRINT DIRECTORY": which authority it was given, and where that authority's files are.</summary>
internal static class Probe
{
    public static async Task HandshakeAndWriteAsync(string scope, SharedCertificateAuthority shared)
    {
        var ca = shared.Authority;
        using var leaf = ca.IssueServerCertificate("localhost"); // fresh for this test
        var accepted = await LoopbackTls.HandshakeAsync(ca.Trust.CreateServerOptions(leaf), ca.Trust.CreateClientOptions("localhost"));
        await Assert.That(accepted).IsEqualTo(leaf.Certificate.Thumbprint);

        _ = ca.Certificate.WriteFiles(); // written once per authority; deleted when TUnit disposes it, which its logger reports
        TestContext.Current!.Output.WriteLine($"probe {scope} {ca.Certificate.Certificate.Thumbprint} {ca.Certificate.Certificate.Subject}");
    }
}

[ClassDataSource<SharedCertificateAuthority>(Shared = SharedType.PerClass)]
public sealed class PerClassFirstTests(SharedCertificateAuthority shared)
{
    [Test]
    public Task Handshake_FirstTest_LeafFromClassAuthorityAccepted() => Probe.HandshakeAndWriteAsync("per-class-first", shared);

    [Test]
    public Task Handshake_SecondTest_LeafFromClassAuthorityAccepted() => Probe.HandshakeAndWriteAsync("per-class-first", shared);
}

[ClassDataSource<SharedCertificateAuthority>(Shared = SharedType.PerClass)]
public sealed class PerClassSecondTests(SharedCertificateAuthority shared)
{
    [Test]
    public Task Handshake_OtherClass_LeafFromItsOwnClassAuthorityAccepted() => Probe.HandshakeAndWriteAsync("per-class-second", shared);
}

[ClassDataSource<SharedCertificateAuthority>(Shared = SharedType.PerAssembly)]
public sealed class PerAssemblyFirstTests(SharedCertificateAuthority shared)
{
    [Test]
    public Task Handshake_FirstClass_LeafFromAssemblyAuthorityAccepted() => Probe.HandshakeAndWriteAsync("per-assembly", shared);
}

[ClassDataSource<SharedCertificateAuthority>(Shared = SharedType.PerAssembly)]
public sealed class PerAssemblySecondTests(SharedCertificateAuthority shared)
{
    [Test]
    public Task Handshake_SecondClass_LeafFromAssemblyAuthorityAccepted() => Probe.HandshakeAndWriteAsync("per-assembly", shared);
}

[ClassDataSource<SharedCertificateAuthority>(Shared = SharedType.PerTestSession)]
public sealed class PerTestSessionTests(SharedCertificateAuthority shared)
{
    [Test]
    public Task Handshake_Session_LeafFromSessionAuthorityAccepted() => Probe.HandshakeAndWriteAsync("per-session", shared);
}

public sealed class KeyedTests
{
    // Property injection, the other way TUnit hands out a shared object: two keys, two authorities.
    [ClassDataSource<SharedCertificateAuthority>(Shared = SharedType.Keyed, Key = "payments")]
    public required SharedCertificateAuthority Payments { get; init; }

    [ClassDataSource<SharedCertificateAuthority>(Shared = SharedType.Keyed, Key = "orders")]
    public required SharedCertificateAuthority Orders { get; init; }

    [Test]
    public async Task Handshake_TwoKeys_EachKeysAuthority()
    {
        await Probe.HandshakeAndWriteAsync("keyed-payments", Payments);
        await Probe.HandshakeAndWriteAsync("keyed-orders", Orders);
    }
}

[ClassDataSource<SharedCertificateAuthority>(Shared = SharedType.Keyed, Key = "payments")]
public sealed class KeyedAgainTests(SharedCertificateAuthority payments)
{
    [Test]
    public Task Handshake_SameKeyInAnotherClass_SameAuthority() => Probe.HandshakeAndWriteAsync("keyed-payments", payments);
}

/// <summary>
/// The control that makes the disposal check able to fail: a certificate nobody disposes logs no CertificateDisposed line
/// (its files go only when the process exits, with CertKit's directory: harmless in the outer run too).
/// </summary>
public sealed class LeakControlTests
{
    [Test]
    public async Task WriteFiles_NeverDisposed_NoDisposedLine()
    {
        var leaked = TemporaryCertificate.Create(new CertificateOptions { CommonName = "leaked.test", Logger = new TestContextLogger() }); // deliberately not disposed
        var key = leaked.WriteFiles().PrivateKeyPath;
        TestContext.Current!.Output.WriteLine($"leak {leaked.Certificate.Subject}");
        await Assert.That(File.Exists(key)).IsTrue();
    }
}
