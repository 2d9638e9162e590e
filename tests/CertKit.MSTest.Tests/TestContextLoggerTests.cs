using CertKit.MSTest.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.MSTest.Tests;

[TestClass]
public sealed class TestContextLoggerTests
{
    private static TestContextLogger _classInitializeLogger = null!;

    public TestContext TestContext { get; set; } = null!;

    // Kept past the end of ClassInitialize on purpose: a real MSTest context whose method has finished.
    [ClassInitialize]
    public static void KeepClassInitializeLogger(TestContext context) => _classInitializeLogger = new TestContextLogger(context);

    [TestMethod]
    public void Log_TemporaryCertificateCreated_WritesLevelEventIdAndSubject()
    {
        var output = new RecordingTestContext(TestContext);

        using var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = new TestContextLogger(output) });

        var created = output.Lines.Single(l => l.Contains("[1 CertificateCreated]", StringComparison.Ordinal));
        StringAssert.StartsWith(created, "Debug [1 CertificateCreated] Created certificate CN=localhost, O=CertKit for localhost, 127.0.0.1, ::1");
        StringAssert.Contains(created, cert.Certificate.SerialNumber);
    }

    [TestMethod]
    public void Log_FileWrittenAndDisposed_WritesOneLinePerEventInOrder()
    {
        var output = new RecordingTestContext(TestContext);
        var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = new TestContextLogger(output) });
        var files = cert.WriteFiles();

        cert.Dispose();

        Assert.HasCount(7, output.Lines, "created, five files written, disposed");
        string[] written = [files.CertificatePath, files.PrivateKeyPath, files.ChainPath, files.FullChainPath, files.TrustAnchorPath];
        for (var i = 0; i < written.Length; i++)
        {
            Assert.AreEqual($"Debug [2 FileWritten] Wrote {written[i]}", output.Lines[1 + i]);
        }

        Assert.AreEqual($"Debug [3 CertificateDisposed] Disposed certificate CN=localhost, O=CertKit and its files {files.CertificatePath.Replace("certificate.pem", "*", StringComparison.Ordinal)}", output.Lines[6]);
    }

    [TestMethod]
    public void Log_AuthorityWithLogger_IssuedCertificatesLogThroughIt()
    {
        var output = new RecordingTestContext(TestContext);
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = new TestContextLogger(output) });

        using var leaf = ca.IssueServerCertificate("api.test");

        StringAssert.StartsWith(output.Lines[^1], "Debug [1 CertificateCreated] Created certificate CN=api.test, O=CertKit for api.test");
    }

    [TestMethod]
    public void Log_WithException_WritesExceptionBelowMessage()
    {
        var output = new RecordingTestContext(TestContext);
        var logger = new TestContextLogger(output);

        Write(logger, LogLevel.Warning, new EventId(4, "CleanupFailed"), "Could not delete /tmp/x; delete it by hand", new IOException("disk gone"));

        var lines = output.Lines.Single().Split(Environment.NewLine);
        Assert.AreEqual("Warning [4 CleanupFailed] Could not delete /tmp/x; delete it by hand", lines[0]);
        Assert.AreEqual("System.IO.IOException: disk gone", lines[1]);
    }

    [TestMethod]
    public void Log_EventWithoutName_WritesIdOnly()
    {
        var output = new RecordingTestContext(TestContext);

        Write(new TestContextLogger(output), LogLevel.Information, new EventId(7), "plain text");

        Assert.AreEqual("Information [7] plain text", output.Lines.Single());
    }

    [TestMethod]
    [DataRow(LogLevel.Trace)]
    [DataRow(LogLevel.Debug)]
    [DataRow(LogLevel.Information)]
    [DataRow(LogLevel.Warning)]
    [DataRow(LogLevel.Error)]
    [DataRow(LogLevel.Critical)]
    public void IsEnabled_DefaultMinimum_EveryLevelButNone(LogLevel level)
    {
        var logger = new TestContextLogger(new RecordingTestContext());

        Assert.AreEqual(LogLevel.Trace, logger.MinimumLevel);
        Assert.IsTrue(logger.IsEnabled(level));
        Assert.IsFalse(logger.IsEnabled(LogLevel.None));
    }

    [TestMethod]
    public void Log_MinimumInformation_CertKitDebugEventsSkippedInformationWritten()
    {
        var output = new RecordingTestContext(TestContext);
        var logger = new TestContextLogger(output, LogLevel.Information);

        using (var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger }))
        {
            _ = cert.WriteFiles();
        }

        Assert.IsEmpty(output.Lines, "CertKit's created, written and disposed events are Debug");
        Assert.IsFalse(logger.IsEnabled(LogLevel.Debug));
        Write(logger, LogLevel.Information, new EventId(5, "LeftoverRemoved"), "Removed /tmp/certkit-1, left behind by process 1, which is gone");
        Assert.AreEqual("Information [5 LeftoverRemoved] Removed /tmp/certkit-1, left behind by process 1, which is gone", output.Lines.Single());
    }

    [TestMethod]
    public void Log_MinimumNone_WritesNothing()
    {
        var output = new RecordingTestContext();
        var logger = new TestContextLogger(output, LogLevel.None);

        Write(logger, LogLevel.Critical, default, "never");

        Assert.IsFalse(logger.IsEnabled(LogLevel.Critical));
        Assert.IsEmpty(output.Lines);
    }

    [TestMethod]
    public void Log_ContextOfFinishedClassInitialize_DoesNotThrow()
    {
        // The real MSTest 4 context: it accepts the lines and reports them nowhere.
        var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = _classInitializeLogger });
        _ = cert.WriteFiles();

        cert.Dispose();

        Assert.ThrowsExactly<ObjectDisposedException>(() => cert.Certificate, "the dispose ran to the end");
    }

    [TestMethod]
    [DataRow(typeof(ObjectDisposedException))]
    [DataRow(typeof(InvalidOperationException))]
    public void Log_ContextRefusesAfterTestEnded_LineDroppedAndDisposeCompletes(Type refusal)
    {
        var output = new RecordingTestContext();
        var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = new TestContextLogger(output) });
        var key = cert.WriteFiles().PrivateKeyPath;
        output.FailWritesWith(refusal == typeof(ObjectDisposedException) ? new ObjectDisposedException("TestContext") : new InvalidOperationException("test over"));

        cert.Dispose();

        Assert.IsFalse(File.Exists(key), "the dispose ran to the end");
        Assert.ThrowsExactly<ObjectDisposedException>(() => cert.Certificate);
        Assert.HasCount(6, output.Lines, "created and five files written only; the disposed line was dropped");
    }

    [TestMethod]
    public void Log_ContextFailsOtherwise_ExceptionPropagates()
    {
        var output = new RecordingTestContext();
        output.FailWritesWith(new FormatException("a bug, not the end of a test"));

        Assert.ThrowsExactly<FormatException>(() => Write(new TestContextLogger(output), LogLevel.Error, default, "boom"));
    }

    [TestMethod]
    public void BeginScope_Any_ReturnsNullAndWritesNothing()
    {
        var output = new RecordingTestContext();

        var scope = new TestContextLogger(output).BeginScope("request 42");

        Assert.IsNull(scope);
        Assert.IsEmpty(output.Lines);
    }

    [TestMethod]
    public void Constructor_NullContext_ThrowsArgumentNull() =>
        Assert.ThrowsExactly<ArgumentNullException>(() => new TestContextLogger(null!));

    [TestMethod]
    public void Constructor_UndefinedLevel_ThrowsNamingIt()
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new TestContextLogger(new RecordingTestContext(), (LogLevel)42));

        StringAssert.Contains(error.Message, "'42'");
    }

    // Straight through ILogger.Log, as CertKit's generated logging calls it.
    private static void Write(TestContextLogger logger, LogLevel level, EventId eventId, string message, Exception? exception = null) =>
        logger.Log(level, eventId, message, exception, static (text, _) => text);
}
