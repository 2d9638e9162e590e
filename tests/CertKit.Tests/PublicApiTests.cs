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
}
