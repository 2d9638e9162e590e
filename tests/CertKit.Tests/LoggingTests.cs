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
        var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger });
        var path = cert.WritePfxFile("password");
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
        var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger });
        var keyBody = cert.PrivateKeyPem.Split('\n')[1];
        const string password = "pfx-password-not-for-logs";
        _ = cert.WriteFiles();
        _ = cert.WritePfxFile(password);
        _ = cert.ExportPfx(password);
        Assert.HasCount(6, logger.WithEventId(2), "the files were written and logged");

        cert.Dispose();

        Assert.IsFalse(logger.Entries.Any(e => e.Message.Contains(keyBody, StringComparison.Ordinal) || e.Message.Contains(password, StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Issue_DefaultNotAfterCutToIssuer_LogsValidityShortened()
    {
        var logger = new RecordingLogger();
        var caEnd = DateTimeOffset.UtcNow.AddDays(2);
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { NotAfter = caEnd, Logger = logger });

        using var cut = ca.IssueServerCertificate();

        var entry = logger.WithEventId(6).Single();
        Assert.AreEqual("ValidityShortened", entry.EventId.Name);
        Assert.AreEqual(LogLevel.Information, entry.Level);
        StringAssert.Contains(entry.Message, ca.Certificate.Certificate.Subject, "names the issuer");
        StringAssert.Contains(entry.Message, new DateTimeOffset(ca.Certificate.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(ca.Certificate.Certificate.NotAfter, cut.Certificate.NotAfter);
    }

    [TestMethod]
    public void Issue_DefaultNotAfterWithinIssuer_LogsNoValidityShortened()
    {
        var logger = new RecordingLogger();
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = logger });

        using var leaf = ca.IssueServerCertificate();
        using var explicitEnd = ca.Issue(new CertificateOptions { NotAfter = DateTimeOffset.UtcNow.AddDays(1) });

        Assert.IsEmpty(logger.WithEventId(6), "nothing was cut: a 7-day leaf fits in a 30-day authority");
        Assert.HasCount(3, logger.WithEventId(1), "the authority and both leaves were logged: the logger was inherited");
    }

    [TestMethod]
    public void CreateIntermediate_DefaultNotAfterCutToRoot_LogsValidityShortened()
    {
        var logger = new RecordingLogger();
        using var root = TestCertificateAuthority.Create(new CertificateOptions { NotAfter = DateTimeOffset.UtcNow.AddDays(10), Logger = logger });

        var intermediate = root.CreateIntermediate();

        Assert.HasCount(1, logger.WithEventId(6));
        Assert.AreEqual(root.Certificate.Certificate.NotAfter, intermediate.Certificate.Certificate.NotAfter);
    }
}
