using NUnit.Framework;

namespace CertKit.NUnit;

/// <summary>
/// The broken-certificate catalogue, <see cref="BrokenCertificateCase.All"/>, as NUnit rows for <c>[TestCaseSource]</c>: one
/// test per case, named after the case in the runner's output.
/// </summary>
/// <example>
/// <code>
/// [TestCaseSource(typeof(BrokenCertificateTestCases), nameof(BrokenCertificateTestCases.All))]
/// public async Task Handshake_BrokenCertificate_Refused(BrokenCertificateCase brokenCase)
/// {
///     using var ca = TestCertificateAuthority.Create();
///     using var broken = brokenCase.CreateFor(ca);
///     // ... a handshake with broken.CreateServerOptions() and broken.CreateClientOptions()
/// }
/// // The runner lists Handshake_BrokenCertificate_Refused(expired), Handshake_BrokenCertificate_Refused(wrong-host), ...
/// </code>
/// </example>
public static class BrokenCertificateTestCases
{
    /// <summary>One row per case of <see cref="BrokenCertificateCase.All"/>, in its order: the case as the test method's one
    /// argument, shown by its <see cref="BrokenCertificateCase.Name"/>, with its <see cref="BrokenCertificateCase.Description"/>
    /// as the test's description.</summary>
    /// <value>New rows at every read (NUnit's rows can be changed, so none is shared), over the same cases.</value>
    /// <remarks>To run some of the cases, filter the catalogue and make rows in the same way:
    /// <c>new TestCaseData(brokenCase).SetArgDisplayNames(brokenCase.Name)</c>.</remarks>
    public static IEnumerable<TestCaseData> All =>
        BrokenCertificateCase.All.Select(brokenCase => new TestCaseData(brokenCase)
            .SetArgDisplayNames(brokenCase.Name)
            .SetDescription(brokenCase.Description)).ToArray();
}
