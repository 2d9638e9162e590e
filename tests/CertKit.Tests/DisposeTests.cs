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
        ["ChainPem", (Func<TemporaryCertificate, object>)(c => c.ChainPem)],
        ["FullChainPem", (Func<TemporaryCertificate, object>)(c => c.FullChainPem)],
        ["Intermediates", (Func<TemporaryCertificate, object>)(c => c.Intermediates)],
        ["TrustAnchor", (Func<TemporaryCertificate, object>)(c => c.TrustAnchor)],
        ["Trust", (Func<TemporaryCertificate, object>)(c => c.Trust)],
        ["ExportPfx", (Func<TemporaryCertificate, object>)(c => c.ExportPfx("password"))],
        ["WriteFiles", (Func<TemporaryCertificate, object>)(c => c.WriteFiles())],
        ["WritePfxFile", (Func<TemporaryCertificate, object>)(c => c.WritePfxFile("password"))],
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
        var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger });

        cert.Dispose();
        cert.Dispose();

        Assert.HasCount(1, logger.WithEventId(3));
    }

    [TestMethod]
    public void Dispose_FromManyThreadsAtOnce_DisposesExactlyOnce()
    {
        var logger = new RecordingLogger();
        var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger });
        var key = cert.WriteFiles().PrivateKeyPath;
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
        Assert.IsEmpty(WrittenFiles.OnDisk(key));
    }

    [TestMethod]
    public void ExportPfx_CallerWipesReturnedBytes_NextExportUnaffected()
    {
        // CertKit no longer hands out cached key bytes (PrivateKeyPkcs8, Pfx) that it would have to zero on Dispose:
        // each export is a new array the caller owns and may wipe, without harming the certificate.
        using var cert = TemporaryCertificate.Create();
        var first = cert.ExportPfx("password");
        Assert.IsTrue(first.AsSpan().ContainsAnyExcept((byte)0));

        CryptographicOperations.ZeroMemory(first);
        var second = cert.ExportPfx("password");

        Assert.IsFalse(first.AsSpan().ContainsAnyExcept((byte)0));
        Assert.AreNotSame(first, second);
        using var reloaded = X509CertificateLoader.LoadPkcs12(second, "password");
        Assert.IsTrue(reloaded.HasPrivateKey);
        Assert.AreEqual(cert.Certificate.Thumbprint, reloaded.Thumbprint);
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
        var keyFiles = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 200, index =>
        {
            using var cert = TemporaryCertificate.Create();
            var key = cert.WriteFiles().PrivateKeyPath;
            _ = cert.WritePfxFile("password");
            Assert.HasCount(6, WrittenFiles.OnDisk(key), "five PEM files and the PFX, under the certificate's own prefix");
            keyFiles.Add(key);
        });

        Assert.HasCount(200, keyFiles.Distinct());
        Assert.IsEmpty(keyFiles.Where(key => WrittenFiles.OnDisk(key).Length > 0).ToList());
    }

    [TestMethod]
    public void Dispose_FilesDeletedByOthers_DoesNotThrow()
    {
        var cert = TemporaryCertificate.Create();
        var files = WrittenFiles.Paths(cert.WriteFiles());
        foreach (var file in files)
        {
            File.Delete(file);
        }

        cert.Dispose();

        Assert.IsFalse(files.Any(File.Exists));
    }

    [TestMethod]
    public void WritePfxFile_FirstCallFromManyThreadsAtOnce_WritesOneFile()
    {
        using var cert = TemporaryCertificate.Create();
        const int Threads = 16;
        using var start = new Barrier(Threads);
        var paths = new System.Collections.Concurrent.ConcurrentBag<string>();

        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            paths.Add(cert.WritePfxFile("password"));
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.HasCount(Threads, paths);
        Assert.HasCount(1, paths.Distinct());
        Assert.HasCount(1, WrittenFiles.OnDisk(paths.First()));
    }

    [TestMethod]
    public void WriteFiles_FirstCallFromManyThreadsAtOnce_WritesEachFileOnce()
    {
        var logger = new RecordingLogger();
        using var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger });
        const int Threads = 16;
        using var start = new Barrier(Threads);
        var results = new System.Collections.Concurrent.ConcurrentBag<CertificateFiles>();

        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            results.Add(cert.WriteFiles());
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.HasCount(Threads, results);
        Assert.HasCount(1, results.Distinct(), "every caller gets the same CertificateFiles");
        Assert.HasCount(5, WrittenFiles.OnDisk(results.First().CertificatePath));
        Assert.HasCount(5, logger.WithEventId(2));
    }

    [TestMethod]
    public void Dispose_RacingWriters_EachSeesPathOrObjectDisposedAndNothingIsLeft()
    {
        for (var round = 0; round < 20; round++)
        {
            var cert = TemporaryCertificate.Create();
            using var start = new Barrier(5);
            var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
            var unexpected = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            var readers = new[] { (Func<string>)(() => cert.WritePfxFile("password")), () => cert.WriteFiles().PrivateKeyPath, () => cert.WriteFiles().CertificatePath, () => cert.WriteFiles().ChainPath }
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
            Assert.IsFalse(seen.Any(path => WrittenFiles.OnDisk(path).Length > 0), $"round {round} left files behind");
        }
    }
}
