using CertKit.Files;
using Microsoft.Extensions.Logging.Abstractions;

namespace CertKit.Tests.Files;

[TestClass]
public sealed class FaultTests
{
    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    public void Write_RootNotWritable_ThrowsIOExceptionNamingTheRoot()
    {
        // A path under a regular file: no directory can be made there, not even by root (tests may run as root).
        var directory = new TemporaryDirectory(NullLogger.Instance, root: "/dev/null/certkit");

        var e = Assert.ThrowsExactly<IOException>(() => directory.Write("key.pem", "secret"u8, secret: true));

        Assert.Contains("/dev/null/certkit", e.Message);
        Assert.IsNull(directory.Delete(), "nothing was made, so nothing is deleted");
    }

    [TestMethod]
    public void Dispose_KeyFileDeletedBySomeoneElse_CleanNoOp()
    {
        var cert = TemporaryCertificate.Create();
        var key = cert.WriteFiles().PrivateKeyPath;
        File.Delete(key);

        cert.Dispose();

        Assert.IsEmpty(Support.WrittenFiles.OnDisk(key));
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    public void Dispose_KeyFileReplacedBySymlink_RemovesLinkButNeverItsTarget()
    {
        var outside = Path.Combine(Path.GetTempPath(), "certkit-fault-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(outside, "not CertKit's to delete");
        try
        {
            var cert = TemporaryCertificate.Create();
            var key = cert.WriteFiles().PrivateKeyPath;
            File.Delete(key);
            File.CreateSymbolicLink(key, outside);

            cert.Dispose();

            Assert.IsEmpty(Support.WrittenFiles.OnDisk(key), "the link went with the rest");
            Assert.AreEqual("not CertKit's to delete", File.ReadAllText(outside));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    public void Dispose_CertificateFileReplacedByADirectory_KeyFileStillDeletedAndTheDirectoryLogged()
    {
        var logger = new Support.RecordingLogger();
        var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger });
        var certificateFile = cert.WriteFiles().CertificatePath;
        var key = cert.WriteFiles().PrivateKeyPath;
        File.Delete(certificateFile);
        Directory.CreateDirectory(Path.Combine(certificateFile, "inside"));
        try
        {
            cert.Dispose();

            Assert.IsFalse(File.Exists(key), "one file that cannot go must never keep the key");
            Assert.IsTrue(Directory.Exists(Path.Combine(certificateFile, "inside")), "what someone else put there is theirs");
            Assert.HasCount(1, logger.WithEventId(4), "the failed cleanup is logged as CleanupFailed");
            StringAssert.Contains(logger.WithEventId(4).Single().Message, certificateFile);
        }
        finally
        {
            Directory.Delete(certificateFile, recursive: true);
        }
    }

    [TestMethod]
    [DoNotParallelize] // it removes the directory every certificate of this process writes to
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void WriteFiles_ProcessDirectoryRemovedBySomeoneElse_MadeAgainOwnerOnly()
    {
        using var before = TemporaryCertificate.Create();
        var lost = before.WriteFiles().Directory;
        Directory.Delete(lost, recursive: true);

        using var after = TemporaryCertificate.Create();
        var files = after.WriteFiles();

        Assert.IsTrue(File.Exists(files.PrivateKeyPath));
        Assert.AreEqual(Support.Unix.OwnerOnlyDirectory, File.GetUnixFileMode(files.Directory));
        Assert.AreEqual(Support.Unix.OwnerOnlyFile, File.GetUnixFileMode(files.PrivateKeyPath));
        before.Dispose(); // its files went with the directory: nothing to do, nothing thrown
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    public async Task WriteFiles_TempDirectoryUnusable_ClearIOExceptionThroughThePublicApi()
    {
        // A process whose TMPDIR lies under a regular file: no directory can be made there, not even by root.
        var result = await Support.CrashChild.RunToEndAsync(certificates: 1, tempDirectory: "/dev/null/certkit-tmp");

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, "System.IO.IOException: CertKit could not make its directory under /dev/null/certkit-tmp");
    }
}
