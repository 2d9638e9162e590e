namespace CertKit;

/// <summary>What a certificate is for: it decides the extended key usages and the default names.</summary>
public enum CertificatePurpose
{
    /// <summary>A TLS server certificate (extended key usage serverAuth). Needs a DNS name or an IP address.</summary>
    Server = 0,

    /// <summary>A TLS client certificate for mutual TLS (extended key usage clientAuth). Names are optional.</summary>
    Client = 1,

    /// <summary>Both at once (serverAuth and clientAuth), as service meshes and peer-to-peer protocols use.</summary>
    ServerAndClient = 2,
}
