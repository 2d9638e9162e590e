using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CertKit.Cli;

/// <summary>Reads the certificates of a PEM, DER or PKCS#12 file, and says plainly when a file is none of those.</summary>
internal static class CertificateFile
{
    private const string PemCertificateLabel = "-----BEGIN CERTIFICATE-----";

    public static IReadOnlyList<X509Certificate2> Load(string path, string? password)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
        {
            throw new CliException($"{path} is empty.");
        }

        var text = Encoding.ASCII.GetString(bytes);
        if (text.Contains(PemCertificateLabel, StringComparison.Ordinal))
        {
            return FromPem(path, text);
        }

        if (text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new CliException($"{path} holds a private key, not a certificate; inspect the certificate file that goes with it.");
        }

        X509ContentType type;
        try
        {
            type = X509Certificate2.GetCertContentType(bytes);
        }
        catch (CryptographicException)
        {
            type = X509ContentType.Unknown;
        }

        try
        {
            return type switch
            {
                X509ContentType.Cert => [X509CertificateLoader.LoadCertificate(bytes)],
                X509ContentType.Pkcs12 => [.. X509CertificateLoader.LoadPkcs12Collection(bytes, password)],
                _ => throw new CliException($"{path} is not a PEM, DER or PKCS#12 certificate."),
            };
        }
        catch (CryptographicException e) when (type == X509ContentType.Pkcs12)
        {
            throw new CliException($"{path} is a PKCS#12 file that cannot be opened with the {(password is null ? "empty password; pass --password" : "given --password")}: {e.Message}");
        }
        catch (CryptographicException e)
        {
            throw new CliException($"{path} is not a readable certificate: {e.Message}");
        }
    }

    private static X509Certificate2[] FromPem(string path, string text)
    {
        // ImportFromPem skips a block it cannot decode, so count the blocks to notice a damaged or cut-off one.
        var blocks = text.Split(PemCertificateLabel).Length - 1;
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw new CliException($"{path} has a CERTIFICATE block that is not a certificate: {e.Message}");
        }

        if (collection.Count < blocks)
        {
            foreach (var certificate in collection)
            {
                certificate.Dispose();
            }

            throw new CliException($"{path} has {blocks} CERTIFICATE block(s) but only {collection.Count} could be read: a block is damaged or cut off.");
        }

        return [.. collection];
    }
}
