using System.Buffers;
using System.Security.Cryptography;

namespace CertKit.Files;

/// <summary>
/// PEM files as bytes, encoded straight into a pooled buffer: a fixture writes five files, and building each as a string
/// first, then as ASCII bytes, allocated more than the certificates themselves.
/// </summary>
internal static class PemFile
{
    private static ReadOnlySpan<byte> CertificateLabel => "CERTIFICATE"u8;

    /// <summary>Writes the certificates, in order, each as a <c>CERTIFICATE</c> block ending with a newline.</summary>
    public static string WriteCertificates(TemporaryDirectory target, string fileName, ReadOnlySpan<ReadOnlyMemory<byte>> certificates)
    {
        var size = 0;
        foreach (var der in certificates)
        {
            size += PemEncoding.GetEncodedSize(CertificateLabel.Length, der.Length) + 1;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var written = 0;
            foreach (var der in certificates)
            {
                written += Encode(CertificateLabel, der.Span, buffer.AsSpan(written));
            }

            return target.Write(fileName, buffer.AsSpan(0, written), secret: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes a <c>PRIVATE KEY</c> block (0600), wiping every copy of the key it made once the file is on disk.</summary>
    public static string WritePrivateKey(TemporaryDirectory target, string fileName, AsymmetricAlgorithm key)
    {
        var der = key.ExportPkcs8PrivateKey();
        var label = "PRIVATE KEY"u8;
        var size = PemEncoding.GetEncodedSize(label.Length, der.Length) + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var written = Encode(label, der, buffer);
            return target.Write(fileName, buffer.AsSpan(0, written), secret: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private static int Encode(ReadOnlySpan<byte> label, ReadOnlySpan<byte> der, Span<byte> destination)
    {
        if (!PemEncoding.TryWriteUtf8(label, der, destination, out var written))
        {
            throw new InvalidOperationException("The PEM buffer was sized too small."); // GetEncodedSize says otherwise: a bug
        }

        destination[written] = (byte)'\n';
        return written + 1;
    }
}
