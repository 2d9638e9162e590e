using CertKit.Tests.Support;
using CertKit.Files;
using Microsoft.Extensions.Logging.Abstractions;

namespace CertKit.Tests.Files;

/// <summary>A process killed with SIGKILL cannot dispose anything: the next process must clean up after it, and only after it.</summary>
[TestClass]
public sealed class LeftoverSweeperTests
{
    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    public async Task ProcessExit_CertificatesNeverDisposed_ProcessDirectoryAndLockRemoved()
    {
        var root = Directory.CreateTempSubdirectory("exit-root-").FullName;
        try
        {
            var result = await CrashChild.RunToEndAsync(certificates: 3, root, exitWhenReady: true);

            Assert.AreEqual(0, result.ExitCode, result.Output);
            var directories = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l != "READY").ToList();
            Assert.HasCount(3, directories);
            Assert.HasCount(1, directories.Distinct(), "one directory per process");
            Assert.StartsWith(root, directories[0], "the child wrote under the temp directory it was given");
            Assert.IsEmpty(Directory.GetFileSystemEntries(root), "the directory, its files and the lock file go when the process ends");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    public async Task FirstUseInLaterProcess_ChildKilled_SweepsItsDirectoriesAndLeavesLiveSiblingsAlone()
    {
        // The children get a temp directory of their own, so no other sweeper (another test, another run) interferes.
        var root = Directory.CreateTempSubdirectory("sweep-root-").FullName;
        try
        {
            using var killed = await CrashChild.StartAsync(certificates: 3, root);
            using var alive = await CrashChild.StartAsync(certificates: 2, root);
            killed.Process.Kill(); // SIGKILL: no finalizer, no ProcessExit handler runs
            await killed.Process.WaitForExitAsync();
            Assert.IsTrue(killed.Directories.All(Directory.Exists), "a killed process leaves its directories behind");

            using var later = await CrashChild.StartAsync(certificates: 1, root); // its first certificate starts the sweep
            for (var i = 0; i < 300 && killed.Directories.Any(Directory.Exists); i++)
            {
                await Task.Delay(100);
            }

            Assert.IsFalse(killed.Directories.Any(Directory.Exists), "a later process must sweep the killed child's directories");
            Assert.IsTrue(alive.Directories.All(Directory.Exists), "a live process's directories must never be touched");
            Assert.IsTrue(later.Directories.All(Directory.Exists));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    public void Sweep_OwnerLooksDeadButHoldsItsLock_LeftAloneUntilTheLockIsFree()
    {
        var root = Directory.CreateTempSubdirectory("sweep-root-").FullName;
        try
        {
            // A pid that does not exist here, as seen from another PID namespace or after a clock step: the lock decides.
            var tag = OwnerProcess.Format(int.MaxValue, DateTime.UtcNow);
            var directory = Directory.CreateDirectory(Path.Combine(root, "certkit-" + tag + "abc")).FullName;
            var lockFile = new FileStream(Path.Combine(root, "certkit-" + tag + "lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None);

            var whileHeld = LeftoverSweeper.Sweep(root, NullLogger.Instance);
            lockFile.Dispose();
            var afterRelease = LeftoverSweeper.Sweep(root, NullLogger.Instance);

            Assert.IsEmpty(whileHeld);
            CollectionAssert.AreEqual(new[] { directory }, afterRelease.ToArray());
            Assert.IsFalse(File.Exists(Path.Combine(root, "certkit-" + tag + "lock")), "the dead owner's lock file goes too");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    public void Sweep_DirectoriesOfThisProcessAndUnattributable_LeftAlone()
    {
        using var mine = TemporaryCertificate.Create();
        var myDirectory = mine.WriteFiles().Directory;
        var root = Directory.CreateTempSubdirectory("certkit-sweep-test-").FullName;
        try
        {
            var unattributable = Directory.CreateDirectory(Path.Combine(root, "certkit-notapid")).FullName;
            var deadOwner = Directory.CreateDirectory(Path.Combine(root, "certkit-" + OwnerProcess.Format(int.MaxValue, DateTime.UtcNow) + "abc")).FullName;
            var otherNamespace = Directory.CreateDirectory(
                Path.Combine(root, "certkit-" + OwnerProcess.Format(int.MaxValue, DateTime.UtcNow, OwnerProcess.Namespace + 1) + "abc")).FullName;

            var removed = LeftoverSweeper.Sweep(root, NullLogger.Instance);
            LeftoverSweeper.Sweep(Path.GetTempPath(), NullLogger.Instance);

            CollectionAssert.AreEqual(new[] { deadOwner }, removed.ToArray());
            Assert.IsTrue(Directory.Exists(unattributable));
            Assert.IsTrue(Directory.Exists(otherNamespace), "a process id from another PID namespace says nothing about liveness here");
            Assert.IsTrue(Directory.Exists(myDirectory), "this process is alive: its directory stays");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    public void DirectoryName_Always_CarriesThisProcessIdAndStartTime()
    {
        using var cert = TemporaryCertificate.Create();

        var name = Path.GetFileName(cert.WriteFiles().Directory);

        Assert.IsTrue(OwnerProcess.TryParse(name, out var processId, out var startSeconds, out var pidNamespace), name);
        Assert.AreEqual(Environment.ProcessId, processId);
        Assert.AreEqual(OwnerProcess.Namespace, pidNamespace);
        if (OperatingSystem.IsLinux())
        {
            Assert.AreNotEqual(0L, pidNamespace, "on Linux the PID namespace is known");
        }

        Assert.IsTrue(OwnerProcess.IsAlive(processId, startSeconds));
        Assert.IsFalse(OwnerProcess.IsAlive(processId, startSeconds - 3600), "same id, other start time: a reused id, so the owner is gone");
    }
}
