namespace CertKit;

/// <summary>Whether a TLS server staples an OCSP answer for its certificate into the handshake (TLS <c>status_request</c>).</summary>
public enum OcspStapling
{
    /// <summary>No stapled answer: clients that check revocation ask the responder themselves.</summary>
    Off = 0,

    /// <summary>
    /// Staple an answer fetched from the issuer's <see cref="RevocationResponder"/> in the background and refreshed by .NET.
    /// Done by .NET's <see cref="System.Net.Security.SslStream"/> on Linux; SChannel on Windows staples by itself when the
    /// certificate has an OCSP URL; macOS does not staple. The first handshakes may go out before the first answer arrives.
    /// </summary>
    On = 1,
}
