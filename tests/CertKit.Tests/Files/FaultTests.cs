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

        Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(key)));
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

            Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(key)));
            Assert.AreEqual("not CertKit's to delete", File.ReadAllText(outside));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [TestMethod]
    public void Dispose_DirectoryReplacedByAFile_LogsAndDoesNotThrow()
    {
        var logger = new Support.RecordingLogger();
        var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger });
        var directory = cert.WriteFiles().Directory;
        Directory.Delete(directory, recursive: true);
        File.WriteAllText(directory, "someone put a file where the directory was");
        try
        {
            cert.Dispose();

            Assert.HasCount(1, logger.WithEventId(4), "the failed cleanup is logged as CleanupFailed");
        }
        finally
        {
            File.Delete(directory);
        }
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    public void Dispose_CertificateFileReplacedByADirectory_KeyFileStillDeleted()
    {
        var cert = TemporaryCertificate.Create();
        var certificateFile = cert.WriteFiles().CertificatePath;
        var key = cert.WriteFiles().PrivateKeyPath;
        File.Delete(certificateFile);
        Directory.CreateDirectory(Path.Combine(certificateFile, "inside"));

        cert.Dispose();

        Assert.IsFalse(File.Exists(key), "one file that cannot go must never keep the key");
        Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(key)));
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
