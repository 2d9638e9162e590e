namespace CertKit.NUnit.Tests;

public sealed class BrokenCertificateTestCasesTests
{
    [Test]
    public void All_Read_OneRowPerCaseInOrderNamedAfterIt()
    {
        var rows = BrokenCertificateTestCases.All.ToList();

        Assert.That(rows.Select(r => r.Arguments.Single()), Is.EqualTo(BrokenCertificateCase.All));
        Assert.That(rows.Select(r => r.ArgDisplayNames!.Single()), Is.EqualTo(BrokenCertificateCase.All.Select(c => c.Name)));
    }
}
