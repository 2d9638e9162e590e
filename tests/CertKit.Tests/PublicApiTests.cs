namespace CertKit.Tests;

[TestClass]
public sealed class PublicApiTests
{
    [TestMethod]
    public void PublicTypes_All_AreSealedOrStatic()
    {
        var open = typeof(TemporaryCertificate).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed))
            .Select(t => t.FullName)
            .ToList();

        Assert.IsEmpty(open, "unsealed public classes: " + string.Join(", ", open));
        Assert.IsTrue(typeof(TemporaryCertificate).IsSealed);
    }

    [TestMethod]
    public void PublicTypes_ReplacedIn02_AreGone()
    {
        var names = typeof(TemporaryCertificate).Assembly.GetExportedTypes().Select(t => t.FullName).ToList();

        Assert.DoesNotContain("CertKit.TemporaryCertificateOptions", names);
        Assert.DoesNotContain("CertKit.CertificateAuthorityOptions", names);
        Assert.Contains("CertKit.CertificateOptions", names);
        Assert.Contains("CertKit.CertificateTrust", names);
    }

    [TestMethod]
    public void Disposables_OnlyTheResponder_AreAsyncDisposable()
    {
        // 0.2 removed DisposeAsync from what only deletes files and keys; the responder stops a listener and keeps it.
        Type[] syncOnly = [typeof(TemporaryCertificate), typeof(TestCertificateAuthority), typeof(BrokenCertificate)];

        Assert.IsTrue(syncOnly.All(typeof(IDisposable).IsAssignableFrom));
        Assert.IsFalse(syncOnly.Any(typeof(IAsyncDisposable).IsAssignableFrom), "using, not await using");
        Assert.IsTrue(typeof(IAsyncDisposable).IsAssignableFrom(typeof(RevocationResponder)));
    }

    [TestMethod]
    public void CertificateOptions_EveryProperty_IsNullableOrACollection()
    {
        // Unset means "the documented default or the issuer's": no option may carry a hidden non-null default.
        var options = new CertificateOptions();

        foreach (var property in typeof(CertificateOptions).GetProperties())
        {
            var value = property.GetValue(options);
            Assert.IsTrue(value is null || value is System.Collections.ICollection { Count: 0 }, $"{property.Name} = {value}");
        }
    }
}
