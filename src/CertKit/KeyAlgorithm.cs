using System.Security.Cryptography;

namespace CertKit;

/// <summary>
/// The kind and size of the key pair a certificate is made with.
/// </summary>
/// <remarks>
/// ECDSA P-256 is the default: it is what modern servers use, it is accepted by every current TLS stack,
/// and its key is generated in well under a millisecond. RSA keys of 2048 bits and more cost a hundred
/// milliseconds or more each to generate; CertKit keeps a small pool of them generated in the background
/// (up to 4 per size, each used once; switch it off with the AppContext switch <c>CertKit.DisableRsaKeyPool</c>
/// or <c>CERTKIT_DISABLE_RSA_KEY_POOL=1</c>).
/// </remarks>
public sealed class KeyAlgorithm
{
    private readonly string _name;
    private readonly int _keySizeInBits;
    private readonly ECCurve? _curve;

    private KeyAlgorithm(string name, int keySizeInBits, ECCurve? curve)
    {
        _name = name;
        _keySizeInBits = keySizeInBits;
        _curve = curve;
    }

    /// <summary>ECDSA on NIST P-256 (secp256r1). The default.</summary>
    public static KeyAlgorithm EcdsaP256 { get; } = new("ECDSA P-256", 256, ECCurve.NamedCurves.nistP256);

    /// <summary>ECDSA on NIST P-384 (secp384r1).</summary>
    public static KeyAlgorithm EcdsaP384 { get; } = new("ECDSA P-384", 384, ECCurve.NamedCurves.nistP384);

    /// <summary>ECDSA on NIST P-521 (secp521r1).</summary>
    public static KeyAlgorithm EcdsaP521 { get; } = new("ECDSA P-521", 521, ECCurve.NamedCurves.nistP521);

    /// <summary>RSA with a 2048-bit modulus, signed with PKCS#1 v1.5 padding.</summary>
    public static KeyAlgorithm Rsa2048 { get; } = new("RSA 2048", 2048, curve: null);

    /// <summary>RSA with a 3072-bit modulus, signed with PKCS#1 v1.5 padding.</summary>
    public static KeyAlgorithm Rsa3072 { get; } = new("RSA 3072", 3072, curve: null);

    /// <summary>RSA with a 4096-bit modulus, signed with PKCS#1 v1.5 padding.</summary>
    public static KeyAlgorithm Rsa4096 { get; } = new("RSA 4096", 4096, curve: null);

    /// <inheritdoc/>
    /// <returns>A readable name such as <c>ECDSA P-256</c> or <c>RSA 2048</c>.</returns>
    public override string ToString() => _name;

    internal bool IsRsa => _curve is null;

    /// <summary>The algorithm of a key someone else made; its size may be one CertKit would not make itself (RSA 1024).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2208", Justification = "The message names the option property the user set.")]
    internal static KeyAlgorithm Of(AsymmetricAlgorithm key, string optionName) => key switch
    {
        ECDsa ecdsa => ecdsa.KeySize switch
        {
            256 when IsNistCurve(ecdsa) => EcdsaP256,
            384 when IsNistCurve(ecdsa) => EcdsaP384,
            521 when IsNistCurve(ecdsa) => EcdsaP521,
            _ => throw new ArgumentException($"{optionName}: ECDSA key of {ecdsa.KeySize} bits is not on a NIST curve (P-256, P-384, P-521).", optionName),
        },
        RSA rsa => rsa.KeySize switch
        {
            2048 => Rsa2048,
            3072 => Rsa3072,
            4096 => Rsa4096,
            var size => new($"RSA {size}", size, curve: null),
        },
        _ => throw new ArgumentException($"{optionName}: a {key.GetType().Name} key is not supported; give an ECDsa or RSA key.", optionName),
    };

    private static bool IsNistCurve(ECDsa key)
    {
        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        return curve.IsNamed && curve.Oid.Value is "1.2.840.10045.3.1.7" or "1.3.132.0.34" or "1.3.132.0.35";
    }

    internal AsymmetricAlgorithm GenerateKey() => _curve is { } curve
        ? ECDsa.Create(curve)
        : _keySizeInBits >= 2048 ? Building.RsaKeyPool.Take(_keySizeInBits) : RSA.Create(_keySizeInBits);
}
