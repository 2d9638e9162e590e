using CertKit.Tests.Support;
using Microsoft.Extensions.Logging;

namespace CertKit.Tests;

[TestClass]
public sealed class LoggingTests
{
    [TestMethod]
    public void Lifecycle_WithLogger_LogsStableEventIdsInOrder()
    {
        var logger = new RecordingLogger();
        var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { Logger = logger });
        var path = cert.PrivateKeyPemPath;
        var serial = cert.Certificate.SerialNumber;

        cert.Dispose();

        var entries = logger.Entries;
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, entries.Select(e => e.EventId.Id).ToArray());
        CollectionAssert.AreEqual(
            new[] { "CertificateCreated", "FileWritten", "CertificateDisposed" },
            entries.Select(e => e.EventId.Name).ToArray());
        Assert.IsTrue(entries.All(e => e.Level == LogLevel.Debug));
        StringAssert.Contains(entries[0].Message, "localhost, 127.0.0.1, ::1");
        StringAssert.Contains(entries[0].Message, serial);
        StringAssert.Contains(entries[1].Message, path);
        StringAssert.Contains(entries[2].Message, Path.GetDirectoryName(path)!);
    }

    [TestMethod]
    public void Lifecycle_KeyMaterial_NeverLogged()
    {
        var logger = new RecordingLogger();
        var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { Logger = logger });
        var keyBody = cert.PrivateKeyPem.Split('\n')[1];
        _ = cert.PfxPath;
        var password = cert.PfxPassword;

        cert.Dispose();

        Assert.IsFalse(logger.Entries.Any(e => e.Message.Contains(keyBody, StringComparison.Ordinal) || e.Message.Contains(password, StringComparison.Ordinal)));
    }
}
