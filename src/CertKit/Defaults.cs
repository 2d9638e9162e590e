using System.Security.Cryptography;

namespace CertKit;

/// <summary>Every default in one place, so the XML docs, the code and the test that pins them agree.</summary>
internal static class Defaults
{
    public static readonly string[] SubjectAlternativeNames = ["localhost", "127.0.0.1", "::1"];

    public const string Organization = "CertKit";

    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(30);

    /// <summary>PBKDF2 iterations for an encrypted PKCS#8 key: fewer than password-storage guidance asks for, on purpose, since the key is a throwaway and tests must stay fast.</summary>
    public const int PrivateKeyPbeIterations = 100_000;

    public const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    public const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    public static HashAlgorithmName HashAlgorithm => HashAlgorithmName.SHA256;

    /// <summary>16 random octets: unpredictable like a public CA's, well under RFC 5280's 20-octet limit.</summary>
    public const int SerialNumberLength = 16;
}
