using System.Collections.Concurrent;
using CertKit.Tests.Support;

namespace CertKit.Tests;

/// <summary>Bounded in count and time (seconds, not minutes): many certificates and handshakes leave nothing behind.</summary>
[TestClass]
public sealed class StressTests
{
    [TestMethod]
    [DoNotParallelize]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    public async Task CreateDispose_ThousandCyclesWithHandshakes_LeaveNoFilesDescriptorsOrMemory()
    {
        await CyclesAsync(100, new ConcurrentBag<string>()); // warm up: JIT, pools, caches
        var descriptorsBefore = OpenFileDescriptors();
        var memoryBefore = SettledMemory();
        var keyFiles = new ConcurrentBag<string>();

        await CyclesAsync(1000, keyFiles);

        Assert.HasCount(1000, keyFiles.Distinct());
        Assert.IsEmpty(keyFiles.Where(key => WrittenFiles.OnDisk(key).Length > 0).ToList(), "every certificate's files must be gone");
        var descriptorGrowth = OpenFileDescriptors() - descriptorsBefore;
        var memoryGrowth = SettledMemory() - memoryBefore;
        Assert.IsLessThanOrEqualTo(16, descriptorGrowth, $"open file descriptors grew by {descriptorGrowth}");
        Assert.IsLessThan(16L * 1024 * 1024, memoryGrowth, $"managed memory grew by {memoryGrowth / 1024} KiB");
    }

    [TestMethod]
    public void Dispose_ManyCertificates_NothingKeepsThemAlive()
    {
        var references = CreateAndDispose(200);

        SettledMemory();

        Assert.AreEqual(0, references.Count(r => r.IsAlive), "a disposed certificate must not be held by anything in CertKit");
    }

    private static List<WeakReference> CreateAndDispose(int count)
    {
        var references = new List<WeakReference>();
        for (var i = 0; i < count; i++)
        {
            var cert = TemporaryCertificate.Create();
            _ = cert.WriteFiles();
            references.Add(new WeakReference(cert));
            references.Add(new WeakReference(cert.Certificate));
            cert.Dispose();
        }

        return references;
    }

    private static async Task CyclesAsync(int count, ConcurrentBag<string> keyFiles) =>
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            using var cert = TemporaryCertificate.Create();
            keyFiles.Add(cert.WriteFiles().PrivateKeyPath);
            if (i % 25 == 0)
            {
                var outcome = await LoopbackTls.HandshakeAsync(cert.Certificate, cert.Certificate);
                Assert.IsTrue(outcome.Succeeded, outcome.ToString());
            }
        });

    private static int OpenFileDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
