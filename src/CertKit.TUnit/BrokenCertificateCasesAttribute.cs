using TUnit.Core;

namespace CertKit.TUnit;

/// <summary>
/// A TUnit data source with one row per case of <see cref="BrokenCertificateCase.All"/>, in its order: each case is a test of
/// its own, shown in the runner's output by its <see cref="BrokenCertificateCase.Name"/>, as
/// <c>MyClient_BrokenCertificate_Refused(expired)</c>.
/// </summary>
/// <example>
/// <code>
/// [Test]
/// [BrokenCertificateCases]
/// public async Task MyClient_BrokenCertificate_Refused(BrokenCertificateCase brokenCase)
/// {
///     using var ca = TestCertificateAuthority.Create();
///     using var broken = brokenCase.CreateFor(ca);
///     // serve broken.CreateServerOptions(), connect your client trusting broken.Trust, assert it refuses
/// }
/// </code>
/// </example>
/// <remarks>
/// The rows are the catalogue's own static instances, so a test can compare a row with a case
/// (<c>brokenCase == BrokenCertificateCase.CertificateAuthorityAsLeaf</c>) or look its name up in a table of what its own
/// TLS stack does. Each case's certificate is made by the test, through <see cref="BrokenCertificateCase.CreateFor"/>, from
/// the authority the test chooses: the data source makes no certificate.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrokenCertificateCasesAttribute : DataSourceGeneratorAttribute<BrokenCertificateCase>
{
    /// <summary>Yields one row per case of <see cref="BrokenCertificateCase.All"/>; TUnit calls this when it discovers the tests.</summary>
    /// <param name="dataGeneratorMetadata">What TUnit knows of the test being discovered; not used.</param>
    /// <returns>One factory per case, returning the case.</returns>
    protected override IEnumerable<Func<BrokenCertificateCase>> GenerateDataSources(DataGeneratorMetadata dataGeneratorMetadata)
    {
        foreach (var brokenCase in BrokenCertificateCase.All)
        {
            yield return () => brokenCase;
        }
    }
}
