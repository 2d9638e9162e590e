using CertKit.Tests.Support;

namespace CertKit.Tests;

[TestClass]
public sealed class DisposeTests
{
    public static IEnumerable<object[]> Members =>
    [
        ["Certificate", (Func<TemporaryCertificate, object>)(c => c.Certificate)],
        ["CertificatePem", (Func<TemporaryCertificate, object>)(c => c.CertificatePem)],
        ["PrivateKeyPem", (Func<TemporaryCertificate, object>)(c => c.PrivateKeyPem)],
        ["CertificateDer", (Func<TemporaryCertificate, object>)(c => c.CertificateDer)],
        ["PrivateKeyPkcs8", (Func<TemporaryCertificate, object>)(c => c.PrivateKeyPkcs8)],
        ["Pfx", (Func<TemporaryCertificate, object>)(c => c.Pfx)],
        ["CertificatePemPath", (Func<TemporaryCertificate, object>)(c => c.CertificatePemPath)],
        ["PrivateKeyPemPath", (Func<TemporaryCertificate, object>)(c => c.PrivateKeyPemPath)],
        ["PfxPath", (Func<TemporaryCertificate, object>)(c => c.PfxPath)],
    ];

    [TestMethod]
    [DynamicData(nameof(Members))]
    public void Member_AfterDispose_ThrowsObjectDisposedException(string name, Func<TemporaryCertificate, object> read)
    {
        var cert = TemporaryCertificate.Create();
        Assert.IsNotNull(read(cert), name);
        cert.Dispose();

        var e = Assert.ThrowsExactly<ObjectDisposedException>(() => read(cert), name);
        Assert.AreEqual(typeof(TemporaryCertificate).FullName, e.ObjectName);
    }

    [TestMethod]
    public void Dispose_CalledTwice_SecondCallDoesNothing()
    {
        var logger = new RecordingLogger();
        var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { Logger = logger });

        cert.Dispose();
        cert.Dispose();

        Assert.HasCount(1, logger.WithEventId(3));
    }

    [TestMethod]
    public void Dispose_FromManyThreadsAtOnce_DisposesExactlyOnce()
    {
        var logger = new RecordingLogger();
        var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { Logger = logger });
        var directory = Unix.DirectoryOf(cert);
        const int Threads = 16;
        using var start = new Barrier(Threads);

        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            cert.Dispose();
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.HasCount(1, logger.WithEventId(3));
        Assert.IsFalse(Directory.Exists(directory));
    }

    [TestMethod]
    public void Dispose_KeyBytesHandedOut_AreZeroed()
    {
        var cert = TemporaryCertificate.Create();
        var pkcs8 = cert.PrivateKeyPkcs8;
        var pfx = cert.Pfx;
        Assert.IsTrue(pkcs8.Span.ContainsAnyExcept((byte)0));

        cert.Dispose();

        Assert.IsFalse(pkcs8.Span.ContainsAnyExcept((byte)0), "the private key must not outlive the certificate in memory");
        Assert.IsFalse(pfx.Span.ContainsAnyExcept((byte)0));
    }

    [TestMethod]
    public void Dispose_Always_DisposesTheX509Certificate2()
    {
        var cert = TemporaryCertificate.Create();
        var x509 = cert.Certificate;

        cert.Dispose();

        Assert.AreEqual(IntPtr.Zero, x509.Handle);
    }

    [TestMethod]
    public void Dispose_TwoHundredCreatedInParallel_LeaveNoFileBehind()
    {
        var directories = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 200, index =>
        {
            using var cert = TemporaryCertificate.Create();
            _ = cert.CertificatePemPath;
            _ = cert.PrivateKeyPemPath;
            _ = cert.PfxPath;
            var directory = Unix.DirectoryOf(cert);
            Assert.HasCount(3, Directory.GetFiles(directory));
            directories.Add(directory);
        });

        Assert.HasCount(200, directories.Distinct());
        Assert.IsEmpty(directories.Where(Directory.Exists).ToList());
    }

    [TestMethod]
    public void Dispose_FilesDeletedByOthers_DoesNotThrow()
    {
        var cert = TemporaryCertificate.Create();
        var directory = Unix.DirectoryOf(cert);
        Directory.Delete(directory, recursive: true);

        cert.Dispose();

        Assert.IsFalse(Directory.Exists(directory));
    }

    [TestMethod]
    public void PfxPath_FirstReadFromManyThreadsAtOnce_WritesOneFile()
    {
        using var cert = TemporaryCertificate.Create();
        const int Threads = 16;
        using var start = new Barrier(Threads);
        var paths = new System.Collections.Concurrent.ConcurrentBag<string>();

        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            paths.Add(cert.PfxPath);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.HasCount(Threads, paths);
        Assert.HasCount(1, paths.Distinct());
        Assert.HasCount(1, Directory.GetFiles(Path.GetDirectoryName(paths.First())!));
    }

    [TestMethod]
    public void Dispose_RacingReaders_EachSeesPathOrObjectDisposedAndNothingIsLeft()
    {
        for (var round = 0; round < 20; round++)
        {
            var cert = TemporaryCertificate.Create();
            using var start = new Barrier(5);
            var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
            var unexpected = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            var readers = new[] { (Func<string>)(() => cert.PfxPath), () => cert.PrivateKeyPemPath, () => cert.CertificatePemPath, () => cert.ChainPemPath }
                .Select(read => new Thread(() =>
                {
                    start.SignalAndWait();
                    try
                    {
                        seen.Add(read());
                    }
                    catch (ObjectDisposedException)
                    {
                        // Lost the race to Dispose: the documented outcome.
                    }
                    catch (Exception e)
                    {
                        unexpected.Add(e);
                    }
                }))
                .ToList();
            var disposer = new Thread(() =>
            {
                start.SignalAndWait();
                cert.Dispose();
            });

            readers.ForEach(t => t.Start());
            disposer.Start();
            readers.ForEach(t => t.Join());
            disposer.Join();

            Assert.IsEmpty(unexpected, string.Join("; ", unexpected.Select(e => e.Message)));
            Assert.IsFalse(seen.Any(path => File.Exists(path) || Directory.Exists(Path.GetDirectoryName(path))), $"round {round} left files behind");
        }
    }
}
