namespace CertKit.NUnit.Tests.Inner;

/// <summary>The catalogue's rows as NUnit names them: the outer tests read the names from the inner run's results.</summary>
[TestFixture]
public sealed class CatalogueFixture
{
    [TestCaseSource(typeof(BrokenCertificateTestCases), nameof(BrokenCertificateTestCases.All))]
    public void Row(BrokenCertificateCase brokenCase) => Assert.That(brokenCase.Name, Is.Not.Empty);
}
