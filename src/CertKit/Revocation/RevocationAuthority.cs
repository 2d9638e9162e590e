using System.Security.Cryptography;
using CertKit.Building;

namespace CertKit.Revocation;

/// <summary>What a responder needs to answer for one authority: its signing identity, what it issued, what it revoked.</summary>
internal sealed class RevocationAuthority(
    Func<Issuer> issuer, byte[] issuerNameDer, byte[] issuerPublicKey, Func<string, bool> wasIssued, RevocationState state, TimeProvider timeProvider)
{
    public Issuer Issuer => issuer();

    public RevocationState State => state;

    public TimeProvider TimeProvider => timeProvider;

    public bool WasIssued(string serialHex) => wasIssued(serialHex);

    /// <summary>Whether an OCSP CertID's issuer hashes name this authority, for the hash algorithm the request chose.</summary>
    public bool Matches(HashAlgorithmName hash, ReadOnlySpan<byte> nameHash, ReadOnlySpan<byte> keyHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(hash, issuerNameDer), nameHash)
        && CryptographicOperations.FixedTimeEquals(Hash(hash, issuerPublicKey), keyHash);

#pragma warning disable CA5350 // OCSP identifies keys by SHA-1 hashes (RFC 6960); these are identifiers, nothing is signed with SHA-1.
    /// <summary>The responder ID by key (RFC 6960): the SHA-1 hash of the authority's public key bits.</summary>
    public byte[] KeyHash() => SHA1.HashData(issuerPublicKey);

    private static byte[] Hash(HashAlgorithmName hash, byte[] data) =>
        hash == HashAlgorithmName.SHA1 ? SHA1.HashData(data) : SHA256.HashData(data);
#pragma warning restore CA5350
}
