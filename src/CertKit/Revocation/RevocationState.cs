using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertKit.Building;

namespace CertKit.Revocation;

/// <summary>What one authority has revoked, and the CRL it publishes for it. Thread-safe.</summary>
internal sealed class RevocationState(Func<Issuer> issuer, TimeProvider timeProvider)
{
    /// <summary>How long a published CRL or OCSP answer is valid: short, because .NET caches CRLs until NextUpdate.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromHours(1);

    // Made on the first revocation: every authority has a state, few revoke anything, and the first certificate of a
    // process should not pay for loading concurrent collections.
    private ConcurrentDictionary<string, Revocation>? _revoked;
    private long _crlNumber;

    public void Revoke(ReadOnlySpan<byte> serialNumber, DateTimeOffset time, X509RevocationReason reason) =>
        Revoked()[Convert.ToHexString(serialNumber)] = new Revocation(time, reason);

    public bool TryGetRevocation(string serialHex, out DateTimeOffset time, out X509RevocationReason reason)
    {
        Revocation? entry = null;
        var found = Volatile.Read(ref _revoked)?.TryGetValue(serialHex, out entry) ?? false;
        (time, reason) = entry is null ? default : (entry.Time, entry.Reason);
        return found;
    }

    private ConcurrentDictionary<string, Revocation> Revoked() =>
        Volatile.Read(ref _revoked) ?? Interlocked.CompareExchange(ref _revoked, new(), null) ?? _revoked!;

    /// <summary>A freshly signed CRL (DER) listing every revocation so far.</summary>
    public byte[] BuildCrl()
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var (serial, revocation) in Volatile.Read(ref _revoked) ?? [])
        {
            builder.AddEntry(Convert.FromHexString(serial), revocation.Time, revocation.Reason);
        }

        var signer = issuer();
        var now = timeProvider.GetUtcNow();
        var hash = Defaults.SignatureHash(signer.Key);
        return builder.Build(
            signer.Name,
            CertificateFactory.SignatureGenerator(signer.Key, hash),
            new BigInteger(Interlocked.Increment(ref _crlNumber)),
            now + Validity,
            hash,
            X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(signer.SubjectKeyIdentifier),
            now - TimeSpan.FromMinutes(1));
    }
}

internal sealed record Revocation(DateTimeOffset Time, X509RevocationReason Reason);
