using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.Building;

/// <summary>What signing needs from an authority, kept as objects so that nothing is re-parsed per certificate.</summary>
internal sealed record Issuer(X500DistinguishedName Name, AsymmetricAlgorithm Key, byte[] SubjectKeyIdentifier);
