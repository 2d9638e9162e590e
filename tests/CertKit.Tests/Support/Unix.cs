namespace CertKit.Tests.Support;

internal static class Unix
{
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode PublicFile = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The certificate's directory, with its PEM files written (<see cref="TemporaryCertificate.WriteFiles()"/>).</summary>
    public static string DirectoryOf(TemporaryCertificate certificate) => certificate.WriteFiles().Directory;
}
