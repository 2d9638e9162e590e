using System.Security.Cryptography;

namespace CertKit;

/// <summary>Every default in one place, so the XML docs, the code and the test that pins them agree.</summary>
internal static class Defaults
{
    public static readonly string[] SubjectAlternativeNames = ["localhost", "127.0.0.1", "::1"];

    public const string Organization = "CertKit";

    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(30);

    public const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    public const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    public const string ClientCommonName = "CertKit Client";

    public static IReadOnlyList<string> ExtendedKeyUsages(CertificatePurpose purpose) => purpose switch
    {
        CertificatePurpose.Client => [ClientAuthenticationOid],
        CertificatePurpose.ServerAndClient => [ServerAuthenticationOid, ClientAuthenticationOid],
        _ => [ServerAuthenticationOid],
    };

    /// <summary>The hash paired with a signing key, as Go's crypto/x509 and the CA/Browser Forum pair them.</summary>
    public static HashAlgorithmName SignatureHash(AsymmetricAlgorithm signingKey) => signingKey switch
    {
        ECDsa { KeySize: 384 } => HashAlgorithmName.SHA384,
        ECDsa { KeySize: 521 } => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    /// <summary>16 random octets: unpredictable like a public CA's, well under RFC 5280's 20-octet limit.</summary>
    public const int SerialNumberLength = 16;
}
