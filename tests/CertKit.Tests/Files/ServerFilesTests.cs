using System.Runtime.Versioning;
using CertKit.Tests.Support;

namespace CertKit.Tests.Files;

/// <summary>Files written where a server reads them, given to the user it runs as: <c>WriteFiles(directory, owner)</c>.</summary>
[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class ServerFilesTests
{
    // Debian's unprivileged user; any system has some user that is not root.
    private const string OtherUser = "nobody";

    [TestMethod]
    public async Task WriteFiles_DirectoryAndOwner_GivesDirectoryAndFilesToThatUserOnly()
    {
        RequireRoot();
        using var scratch = new PublicScratch();
        using var cert = TemporaryCertificate.Create();

        var files = cert.WriteFiles(scratch.Path, OtherUser);

        Assert.AreEqual(scratch.Path, Path.GetDirectoryName(files.Directory));
        var (owner, _) = await RunAsync("id", ["-u", OtherUser]);
        foreach (var path in new[] { files.Directory, files.CertificatePath, files.PrivateKeyPath, files.ChainPath, files.FullChainPath, files.TrustAnchorPath })
        {
            Assert.AreEqual(owner.Trim(), (await RunAsync("stat", ["-c", "%u", path])).Output.Trim(), path);
        }

        Assert.AreEqual(Unix.OwnerOnlyDirectory, File.GetUnixFileMode(files.Directory));
        Assert.AreEqual(Unix.OwnerOnlyFile, File.GetUnixFileMode(files.PrivateKeyPath));
        Assert.AreEqual(Unix.PublicFile, File.GetUnixFileMode(files.CertificatePath));
        // The user can read its key, as a server that dropped to it must; another unprivileged user cannot (the directory is owner-only).
        var (read, readExit) = await RunAsync("setpriv", [$"--reuid={OtherUser}", "--regid=nogroup", "--clear-groups", "--", "cat", files.PrivateKeyPath]);
        Assert.AreEqual(0, readExit, read);
        Assert.AreEqual(cert.PrivateKeyPem, read);
        var (_, deniedExit) = await RunAsync("setpriv", ["--reuid=65533", "--regid=65533", "--clear-groups", "--", "cat", files.PrivateKeyPath]);
        Assert.AreNotEqual(0, deniedExit, "a third user must not read the key");

        // The key's own mode keeps the third user out even where the directory would let it through; the certificate is public.
        File.SetUnixFileMode(files.Directory, Unix.OwnerOnlyDirectory | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var (denied, deniedByModeExit) = await RunAsync("setpriv", ["--reuid=65533", "--regid=65533", "--clear-groups", "--", "cat", files.PrivateKeyPath]);
        var (_, publicExit) = await RunAsync("setpriv", ["--reuid=65533", "--regid=65533", "--clear-groups", "--", "cat", files.CertificatePath]);
        Assert.AreNotEqual(0, deniedByModeExit, "the key is 0600: " + denied);
        StringAssert.Contains(denied, "Permission denied");
        Assert.AreEqual(0, publicExit, "the control: the same user reads the 0644 certificate through the same directory");
    }

    [TestMethod]
    public async Task WriteFiles_NumericOwner_ForAContainersUser()
    {
        RequireRoot();
        using var scratch = new PublicScratch();
        using var cert = TemporaryCertificate.Create();

        var files = cert.WriteFiles(scratch.Path, "999:998");

        Assert.AreEqual("999:998", (await RunAsync("stat", ["-c", "%u:%g", files.PrivateKeyPath])).Output.Trim());
    }

    [TestMethod]
    public async Task WriteFiles_UserAndGroupNames_GivesBoth()
    {
        RequireRoot();
        using var scratch = new PublicScratch();
        using var cert = TemporaryCertificate.Create();

        var files = cert.WriteFiles(scratch.Path, "nobody:nogroup");

        Assert.AreEqual("nobody:nogroup", (await RunAsync("stat", ["-c", "%U:%G", files.PrivateKeyPath])).Output.Trim());
    }

    [TestMethod]
    [DataRow("nobody:")]
    [DataRow("a:b:c")]
    [DataRow("nobody:certkit-no-such-group")]
    public void WriteFiles_MalformedOrUnknownOwner_ThrowsNamingIt(string owner)
    {
        using var scratch = new PublicScratch();
        using var cert = TemporaryCertificate.Create();

        var e = Assert.ThrowsExactly<ArgumentException>(() => cert.WriteFiles(scratch.Path, owner));

        Assert.AreEqual("owner", e.ParamName);
        StringAssert.Contains(e.Message, $"'{owner}'");
        Assert.IsEmpty(Directory.GetFileSystemEntries(scratch.Path));
    }

    [TestMethod]
    public void WriteFiles_SameDirectoryAndOwnerTwice_WritesOnceAnotherOwnerGetsItsOwn()
    {
        using var scratch = new PublicScratch();
        using var cert = TemporaryCertificate.Create();

        var first = cert.WriteFiles(scratch.Path);
        var again = cert.WriteFiles(scratch.Path);

        Assert.AreSame(first, again);
        Assert.HasCount(1, Directory.GetDirectories(scratch.Path));
        Assert.AreNotEqual(cert.WriteFiles().Directory, first.Directory, "CertKit's own directory is another one");
    }

    [TestMethod]
    public void Dispose_FilesWrittenElsewhere_AreDeletedAndTheCallersDirectoryStays()
    {
        using var scratch = new PublicScratch();
        var cert = TemporaryCertificate.Create();
        var placed = cert.WriteFiles(scratch.Path).Directory;

        cert.Dispose();

        Assert.IsFalse(Directory.Exists(placed));
        Assert.IsTrue(Directory.Exists(scratch.Path));
        Assert.IsEmpty(Directory.GetFileSystemEntries(scratch.Path));
    }

    [TestMethod]
    public void WriteFiles_MissingDirectory_ThrowsNamingIt()
    {
        using var cert = TemporaryCertificate.Create();
        var missing = Path.Combine(Path.GetTempPath(), "certkit-no-such-directory-" + Guid.NewGuid().ToString("N"));

        var e = Assert.ThrowsExactly<ArgumentException>(() => cert.WriteFiles(missing));

        Assert.AreEqual("directory", e.ParamName);
        StringAssert.Contains(e.Message, missing);
    }

    [TestMethod]
    public void WriteFiles_UnknownUser_ThrowsNamingItAndWritesNothing()
    {
        using var scratch = new PublicScratch();
        using var cert = TemporaryCertificate.Create();

        var e = Assert.ThrowsExactly<ArgumentException>(() => cert.WriteFiles(scratch.Path, "certkit-no-such-user"));

        Assert.AreEqual("owner", e.ParamName);
        StringAssert.Contains(e.Message, "'certkit-no-such-user'");
        Assert.IsEmpty(Directory.GetFileSystemEntries(scratch.Path));
    }

    [TestMethod]
    public void WriteCaFile_IssuedCertificate_IsItsRootsPem()
    {
        using var ca = TestCertificateAuthority.Create();
        using var intermediate = ca.CreateIntermediate();
        using var leaf = intermediate.IssueServerCertificate("localhost");

        var path = leaf.Trust.WriteCaFile();

        Assert.AreEqual(ca.Certificate.CertificatePem, File.ReadAllText(path));
        Assert.AreEqual(path, leaf.Trust.WriteCaFile(), "written once");
    }

    [TestMethod]
    public void CreateCertificateCollection_Authority_HoldsItsRootOnly()
    {
        using var ca = TestCertificateAuthority.Create();
        using var intermediate = ca.CreateIntermediate();

        var collection = intermediate.Trust.CreateCertificateCollection();

        Assert.HasCount(1, collection);
        Assert.AreEqual(ca.Certificate.Certificate.Thumbprint, collection[0].Thumbprint);
        Assert.IsFalse(collection[0].HasPrivateKey, "trust hands out no key");
        collection[0].Dispose();
        Assert.IsNotNull(ca.Certificate.Certificate.GetECDsaPrivateKey(), "disposing the copy leaves the authority whole");
    }

    private static void RequireRoot()
    {
        if (Environment.UserName != "root")
        {
            const string Reason = "Giving files to another user needs root (chown); .ci/run runs the tests as root.";
            if (Environment.GetEnvironmentVariable("CERTKIT_REQUIRE_SERVERS") == "1")
            {
                Assert.Fail(Reason);
            }

            Assert.Inconclusive(Reason);
        }
    }

    // id, stat and setpriv come with every Debian system (coreutils, util-linux).
    private static async Task<(string Output, int ExitCode)> RunAsync(string program, string[] arguments)
    {
        var result = await new ExternalTool(program, program == "setpriv" ? "util-linux" : "coreutils").RunAsync(arguments);
        return (result.Output, result.ExitCode);
    }

    /// <summary>A directory every user may enter, as a server's data directory or a container mount is.</summary>
    private sealed class PublicScratch : IDisposable
    {
        public PublicScratch()
        {
            Path = Directory.CreateTempSubdirectory("certkit-test-servers-").FullName;
            File.SetUnixFileMode(Path, Unix.OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
