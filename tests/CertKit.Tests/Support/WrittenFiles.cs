namespace CertKit.Tests.Support;

/// <summary>
/// What a certificate wrote with <see cref="TemporaryCertificate.WriteFiles()"/>: its files share the process's directory
/// with other certificates' files, each set under a file-name prefix of its own.
/// </summary>
internal static class WrittenFiles
{
    /// <summary>The five PEM files.</summary>
    public static string[] Paths(CertificateFiles files) =>
        [files.CertificatePath, files.PrivateKeyPath, files.ChainPath, files.FullChainPath, files.TrustAnchorPath];

    /// <summary>The certificate's own prefix, such as <c>12-</c>.</summary>
    public static string Prefix(string anyOfItsPaths)
    {
        var name = Path.GetFileName(anyOfItsPaths);
        return name[..(name.IndexOf('-', StringComparison.Ordinal) + 1)];
    }

    /// <summary>Every file in the directory that carries the certificate's prefix: what it wrote, and nothing of another's.</summary>
    public static string[] OnDisk(string anyOfItsPaths) =>
        Directory.GetFiles(Path.GetDirectoryName(anyOfItsPaths)!, Prefix(anyOfItsPaths) + "*");
}
