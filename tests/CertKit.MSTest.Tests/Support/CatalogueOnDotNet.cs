namespace CertKit.MSTest.Tests.Support;

/// <summary>
/// What .NET 10's SslStream on Linux was measured to do with each case of the broken-certificate catalogue
/// (docs/catalogue.md; tests/CertKit.Tests measures it): a word its refusal names, or <see langword="null"/> where it
/// accepts a certificate a correct peer refuses. Shared, like <see cref="LoopbackTls"/>, by the test-framework packages' tests.
/// </summary>
internal static class CatalogueOnDotNet
{
    public static IReadOnlyDictionary<string, string?> RefusalWords { get; } = new Dictionary<string, string?>
    {
        ["expired"] = "NotTimeValid",
        ["not-yet-valid"] = "NotTimeValid",
        ["wrong-host"] = "RemoteCertificateNameMismatch",
        ["untrusted-issuer"] = "PartialChain",
        ["untrusted-issuer-same-name"] = "PartialChain",
        ["self-signed"] = "UntrustedRoot",
        ["missing-server-auth"] = "NotValidForUsage",
        ["ca-as-leaf"] = null, // accepted: .NET checks neither the leaf's basic constraints nor its key usage
        ["unknown-critical-extension"] = "HasNotSupportedCriticalExtension",
        ["intermediate-without-ca-rights"] = "InvalidBasicConstraints",
        ["missing-intermediate"] = "PartialChain",
        ["name-constraint-violation"] = "HasNotPermittedNameConstraint",
        ["path-length-violation"] = "InvalidBasicConstraints",
        ["client-certificate-from-another-ca"] = "PartialChain", // refused by the server
        ["missing-client-certificate"] = "RemoteCertificateNotAvailable", // refused by the server
        ["revoked"] = "Revoked",
        ["weak-rsa-1024"] = "Authentication failed", // a .NET server on Linux cannot even present it
        ["sha1-signature"] = "Authentication failed", // likewise
    };
}
