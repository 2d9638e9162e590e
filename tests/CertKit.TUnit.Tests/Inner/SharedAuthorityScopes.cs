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

        var directory = ca.Certificate.WriteFiles().Directory; // written once per authority; gone only if TUnit disposes it
        TestContext.Current!.Output.WriteLine($"probe {scope} {ca.Certificate.Certificate.Thumbprint} {directory}");
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
/// The control that makes the disposal check able to fail: a certificate nobody disposes keeps its files after the run.
/// It leaks on purpose, so it runs only in the child, whose temp directory RunnerOutputTests' InnerRun deletes; in the
/// outer run it would leave a private key in the machine's temp directory.
/// </summary>
public sealed class LeakControlTests
{
    [Test]
    public async Task WriteFiles_NeverDisposed_DirectoryOutlivesTheRun()
    {
        Skip.Unless(Support.InnerRun.IsChild, "leaks on purpose: runs only in the child run of RunnerOutputTests");
        var leaked = TemporaryCertificate.Create(); // deliberately not disposed; it lives in the child's own temp directory
        var directory = leaked.WriteFiles().Directory;
        TestContext.Current!.Output.WriteLine($"leak {directory}");
        await Assert.That(Directory.Exists(directory)).IsTrue();
    }
}
