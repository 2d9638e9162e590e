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
    private readonly ECCurve? _curve;

    private KeyAlgorithm(string name, int keySizeInBits, ECCurve? curve)
    {
        Name = name;
        KeySizeInBits = keySizeInBits;
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

    /// <summary>RSA 1024: too weak for any current TLS stack. Only the catalogue of broken certificates uses it.</summary>
    internal static KeyAlgorithm Rsa1024Weak { get; } = new("RSA 1024", 1024, curve: null);

    /// <summary>A readable name such as <c>ECDSA P-256</c> or <c>RSA 2048</c>.</summary>
    public string Name { get; }

    /// <summary>The key size in bits: 256, 384 or 521 for ECDSA; 2048, 3072 or 4096 for RSA.</summary>
    public int KeySizeInBits { get; }

    /// <summary><see langword="true"/> for RSA keys, <see langword="false"/> for ECDSA keys.</summary>
    public bool IsRsa => _curve is null;

    /// <summary>Returns the RSA algorithm with the given modulus size.</summary>
    /// <param name="keySizeInBits">2048, 3072 or 4096.</param>
    /// <returns>One of <see cref="Rsa2048"/>, <see cref="Rsa3072"/> or <see cref="Rsa4096"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The size is not 2048, 3072 or 4096.</exception>
    public static KeyAlgorithm Rsa(int keySizeInBits) => keySizeInBits switch
    {
        2048 => Rsa2048,
        3072 => Rsa3072,
        4096 => Rsa4096,
        _ => throw new ArgumentOutOfRangeException(
            nameof(keySizeInBits),
            keySizeInBits,
            $"RSA key size {keySizeInBits} is not supported; use 2048, 3072 or 4096."),
    };

    /// <summary>Returns the ECDSA algorithm on the NIST curve of the given size.</summary>
    /// <param name="keySizeInBits">256, 384 or 521.</param>
    /// <returns>One of <see cref="EcdsaP256"/>, <see cref="EcdsaP384"/> or <see cref="EcdsaP521"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The size is not 256, 384 or 521.</exception>
    public static KeyAlgorithm Ecdsa(int keySizeInBits) => keySizeInBits switch
    {
        256 => EcdsaP256,
        384 => EcdsaP384,
        521 => EcdsaP521,
        _ => throw new ArgumentOutOfRangeException(
            nameof(keySizeInBits),
            keySizeInBits,
            $"ECDSA key size {keySizeInBits} is not supported; use 256, 384 or 521."),
    };

    /// <inheritdoc/>
    public override string ToString() => Name;

    internal AsymmetricAlgorithm GenerateKey() => _curve is { } curve
        ? ECDsa.Create(curve)
        : KeySizeInBits >= 2048 ? Building.RsaKeyPool.Take(KeySizeInBits) : RSA.Create(KeySizeInBits);
}
