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
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(text);
            return [.. collection];
        }

        if (text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new CliException($"{path} holds a private key, not a certificate; inspect the certificate file that goes with it.");
        }

        try
        {
            return X509Certificate2.GetCertContentType(bytes) switch
            {
                X509ContentType.Cert => [X509CertificateLoader.LoadCertificate(bytes)],
                X509ContentType.Pkcs12 => [.. X509CertificateLoader.LoadPkcs12Collection(bytes, password)],
                var other => throw new CliException($"{path} holds {other} content, not a PEM, DER or PKCS#12 certificate."),
            };
        }
        catch (CryptographicException e) when (X509Certificate2.GetCertContentType(bytes) == X509ContentType.Pkcs12)
        {
            throw new CliException($"{path} is a PKCS#12 file that cannot be opened with the {(password is null ? "empty password; pass --password" : "given --password")}: {e.Message}");
        }
        catch (CryptographicException e)
        {
            throw new CliException($"{path} is not a PEM, DER or PKCS#12 certificate: {e.Message}");
        }
    }
}
