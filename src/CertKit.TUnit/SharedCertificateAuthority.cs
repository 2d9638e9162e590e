using TUnit.Core;
using TUnit.Core.Interfaces;

namespace CertKit.TUnit;

/// <summary>
/// One <see cref="TestCertificateAuthority"/> for the tests that share it through TUnit's
/// <c>[ClassDataSource&lt;SharedCertificateAuthority&gt;(Shared = ...)]</c>: TUnit makes it before the first of those tests
/// runs and disposes it after the last, and with it every certificate it issued that is still alive.
/// </summary>
/// <example>
/// <code>
/// [ClassDataSource&lt;SharedCertificateAuthority&gt;(Shared = SharedType.PerClass)]
/// public sealed class MyClientTests(SharedCertificateAuthority shared)
/// {
///     [Test]
///     public async Task Connects()
///     {
///         using var leaf = shared.Authority.IssueServerCertificate("localhost"); // fresh for this test
///         // serve shared.Authority.Trust.CreateServerOptions(leaf); connect with shared.Authority.Trust.CreateClientOptions("localhost")
///     }
/// }
/// </code>
/// </example>
/// <remarks>
/// <para>
/// <see cref="SharedType.PerClass"/> shares one authority within a test class, <see cref="SharedType.PerAssembly"/> across
/// the assembly, <see cref="SharedType.PerTestSession"/> across the run, and <see cref="SharedType.Keyed"/> among the tests
/// that name the same <c>Key</c>. TUnit counts the tests that use the instance and disposes it when the count reaches zero.
/// </para>
/// <para>
/// The authority is created in <see cref="InitializeAsync"/>, which TUnit calls just before the first test that uses it runs
/// (never during discovery), with every default and a <see cref="TestContextLogger"/>: each certificate it issues logs to the
/// output of the test that is running when it logs, so a line lands in the test that caused it. For other options (RSA keys,
/// a clock, a revocation responder), write a class of your own that creates the authority the same way; see the TUnit page
/// of the documentation.
/// </para>
/// <para>
/// TUnit runs <see cref="InitializeAsync"/> in the flow of the first test that uses the instance and <see cref="Dispose"/>
/// in the flow of the last, so the root's own "created" and "disposed" lines appear in those two tests' output.
/// </para>
/// </remarks>
public sealed class SharedCertificateAuthority : IAsyncInitializer, IDisposable
{
    private TestCertificateAuthority? _authority;
    private bool _disposed;

    /// <summary>The shared authority: issue each test's certificates from it, and trust it through its <c>Trust</c>.</summary>
    /// <value>The authority <see cref="InitializeAsync"/> created.</value>
    /// <exception cref="InvalidOperationException">TUnit has not initialized this instance: it was constructed by hand, not through <c>[ClassDataSource]</c>.</exception>
    /// <exception cref="ObjectDisposedException">The scope that shared it has ended.</exception>
    public TestCertificateAuthority Authority
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _authority ?? throw new InvalidOperationException(
                "The shared authority is made in InitializeAsync, which TUnit calls before the first test that uses it; "
                + "inject it with [ClassDataSource<SharedCertificateAuthority>(Shared = SharedType.PerClass)] (or PerAssembly, PerTestSession, Keyed), "
                + "or call InitializeAsync when making one by hand.");
        }
    }

    /// <summary>Creates the authority. TUnit calls this once per instance, before the first test that uses it.</summary>
    /// <returns>A completed task.</returns>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public Task InitializeAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _authority ??= TestCertificateAuthority.Create(new CertificateOptions { Logger = new TestContextLogger() });
        return Task.CompletedTask;
    }

    /// <summary>Disposes the authority and every certificate it issued that is still alive: their files are deleted. TUnit calls
    /// this after the last test of the scope; calling it again does nothing.</summary>
    public void Dispose()
    {
        _disposed = true;
        _authority?.Dispose();
    }
}
