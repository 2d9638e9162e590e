namespace CertKit.Cli;

/// <summary>The <c>--key</c> values and the <see cref="KeyAlgorithm"/> each names.</summary>
internal static class KeyNames
{
    public const string Default = "ecdsa-p256";

    private static readonly Dictionary<string, KeyAlgorithm> ByName = new(StringComparer.Ordinal)
    {
        ["ecdsa-p256"] = KeyAlgorithm.EcdsaP256,
        ["ecdsa-p384"] = KeyAlgorithm.EcdsaP384,
        ["ecdsa-p521"] = KeyAlgorithm.EcdsaP521,
        ["rsa-2048"] = KeyAlgorithm.Rsa2048,
        ["rsa-3072"] = KeyAlgorithm.Rsa3072,
        ["rsa-4096"] = KeyAlgorithm.Rsa4096,
    };

    public static string[] All { get; } = [.. ByName.Keys];

    public static KeyAlgorithm Parse(string name) => ByName[name];
}
