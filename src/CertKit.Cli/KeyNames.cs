using System.Security.Cryptography;

namespace CertKit.Cli;

/// <summary>The <c>--key</c> values, and how to make a key pair of each.</summary>
internal static class KeyNames
{
    public const string Default = "ecdsa-p256";

    private static readonly Dictionary<string, Func<AsymmetricAlgorithm>> ByName = new(StringComparer.Ordinal)
    {
        ["ecdsa-p256"] = () => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        ["ecdsa-p384"] = () => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        ["ecdsa-p521"] = () => ECDsa.Create(ECCurve.NamedCurves.nistP521),
        ["rsa-2048"] = () => RSA.Create(2048),
        ["rsa-3072"] = () => RSA.Create(3072),
        ["rsa-4096"] = () => RSA.Create(4096),
    };

    public static string[] All { get; } = [.. ByName.Keys];

    /// <summary>A new key pair of the named kind; the library certifies a copy of it (<see cref="CertificateOptions.Key"/>).</summary>
    public static AsymmetricAlgorithm Create(string name) => ByName[name]();
}
