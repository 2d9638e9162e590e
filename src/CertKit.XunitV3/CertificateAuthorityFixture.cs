namespace CertKit.XunitV3;

/// <summary>
/// One <see cref="TestCertificateAuthority"/> shared by the tests of a class, a collection or the whole assembly, made by
/// xUnit.net before the first of them and disposed after the last, with every certificate it issued that is still alive.
/// </summary>
/// <example>
/// <code>
/// public sealed class ApiTests(CertificateAuthorityFixture fixture) : IClassFixture&lt;CertificateAuthorityFixture&gt;
/// {
///     [Fact]
///     public void Leaf_FromSharedAuthority()
///     {
///         using var leaf = fixture.Authority.IssueServerCertificate("localhost"); // this test's, in this test's output
///     }
/// }
/// </code>
/// For a collection: <c>[CollectionDefinition("tls")] public sealed class Tls : ICollectionFixture&lt;CertificateAuthorityFixture&gt;;</c>
/// and <c>[Collection("tls")]</c> on each class. For the assembly: <c>[assembly: AssemblyFixture(typeof(CertificateAuthorityFixture))]</c>.
/// </example>
/// <remarks>
/// The authority logs through a <see cref="TestContextLogger"/>, which finds the running test each time it writes: a
/// certificate a test issues, writes and disposes is reported in that test's output, even with tests in parallel. The
/// authority's own events (its creation and disposal) happen outside any test and are xUnit.net diagnostic messages.
/// An authority is made once, so its root key is made once for the scope; issue a fresh leaf in each test.
/// </remarks>
public sealed class CertificateAuthorityFixture : IDisposable
{
    /// <summary>Creates the authority with CertKit's defaults and a <see cref="TestContextLogger"/>. xUnit.net calls this once per scope.</summary>
    public CertificateAuthorityFixture() =>
        Authority = TestCertificateAuthority.Create(new CertificateOptions { Logger = new TestContextLogger() });

    /// <summary>The shared authority. Its trust (<see cref="TestCertificateAuthority.Trust"/>) accepts what it issues and nothing else.</summary>
    /// <value>A root made with CertKit's defaults, logging to the current test's output.</value>
    public TestCertificateAuthority Authority { get; }

    /// <summary>Disposes the authority and every certificate it issued that is still alive, deleting their files. xUnit.net calls this when the scope ends.</summary>
    public void Dispose() => Authority.Dispose();
}
