namespace CertKit;

/// <summary>A fault a <see cref="RevocationResponder"/> can inject, to test how clients handle a revocation service that misbehaves.</summary>
public enum RevocationResponderFailure
{
    /// <summary>Answer correctly.</summary>
    None,

    /// <summary>Answer every request with HTTP 500.</summary>
    ServerError,

    /// <summary>Answer with HTTP 200 and bytes that are neither a CRL nor an OCSP response.</summary>
    MalformedResponse,
}
