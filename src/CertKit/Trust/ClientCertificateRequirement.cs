namespace CertKit;

/// <summary>Whether a TLS server asks its clients for a certificate, and what happens without one.</summary>
public enum ClientCertificateRequirement
{
    /// <summary>No client certificate is asked for: plain server-authenticated TLS.</summary>
    None = 0,

    /// <summary>A client certificate is asked for and, if sent, must chain to the trust; a client without one is let in.</summary>
    Optional = 1,

    /// <summary>A client certificate is required and must chain to the trust (mutual TLS); a client without one is refused.</summary>
    Required = 2,
}
