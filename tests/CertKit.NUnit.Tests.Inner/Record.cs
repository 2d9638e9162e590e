using System.Collections.Concurrent;

namespace CertKit.NUnit.Tests.Inner;

/// <summary>What the inner fixtures saw, for the outer tests to read once the inner run is over.</summary>
public static class Record
{
    private static readonly ConcurrentQueue<(string Scope, TestCertificateAuthority Authority)> AuthoritiesCreated = new();
    private static readonly ConcurrentQueue<(string Scope, TestCertificateAuthority Authority)> AuthoritiesUsed = new();
    private static readonly ConcurrentQueue<(string Scope, string Directory)> Directories = new();

    /// <summary>Makes the scope's authority, with a TestContextLogger, as docs/nunit.md does, and records it and its files.</summary>
    public static TestCertificateAuthority CreateAuthority(string scope)
    {
        var authority = TestCertificateAuthority.Create(new CertificateOptions { Logger = new TestContextLogger() });
        AuthoritiesCreated.Enqueue((scope, authority));
        Wrote(scope, authority.Certificate);
        return authority;
    }

    public static void Used(string scope, TestCertificateAuthority authority) => AuthoritiesUsed.Enqueue((scope, authority));

    /// <summary>A key file a certificate wrote, which must be gone once its scope has ended.</summary>
    public static void Wrote(string scope, TemporaryCertificate certificate) => Directories.Enqueue((scope, certificate.WriteFiles().PrivateKeyPath));

    public static TestCertificateAuthority[] CreatedIn(string scope) => [.. AuthoritiesCreated.Where(a => a.Scope == scope).Select(a => a.Authority)];

    public static TestCertificateAuthority[] UsedIn(string scope) => [.. AuthoritiesUsed.Where(a => a.Scope == scope).Select(a => a.Authority)];

    public static string[] DirectoriesOf(string scope) => [.. Directories.Where(d => d.Scope == scope).Select(d => d.Directory)];

    public static void Clear()
    {
        AuthoritiesCreated.Clear();
        AuthoritiesUsed.Clear();
        Directories.Clear();
    }
}
