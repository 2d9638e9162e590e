using System.Security.Cryptography;

namespace CertKit.Building;

internal static class SerialNumber
{
    /// <summary>
    /// A random serial that DER encodes as a positive INTEGER of exactly <see cref="Defaults.SerialNumberLength"/>
    /// octets: the top bit is clear (positive, no padding octet) and the next bit set (no leading zero octet).
    /// </summary>
    public static byte[] CreateRandom()
    {
        var serial = new byte[Defaults.SerialNumberLength];
        RandomNumberGenerator.Fill(serial);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}
