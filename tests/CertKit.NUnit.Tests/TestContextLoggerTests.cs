using Microsoft.Extensions.Logging;
using NUnit.Framework.Internal;

namespace CertKit.NUnit.Tests;

/// <summary>The logger against NUnit's real context: what it writes is read back from this test's own result output.</summary>
public sealed class TestContextLoggerTests
{
    [Test]
    public void Log_TemporaryCertificateCreated_WritesLevelEventIdAndSubject()
    {
        using var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = new TestContextLogger() });

        var created = OutputLines().Single(l => l.Contains("[1 CertificateCreated]", StringComparison.Ordinal));
        Assert.That(created, Does.StartWith("Debug [1 CertificateCreated] Created certificate CN=localhost, O=CertKit for localhost, 127.0.0.1, ::1"));
        Assert.That(created, Does.Contain(cert.Certificate.SerialNumber));
    }

    [Test]
    public void Log_FileWrittenAndDisposed_WritesOneLinePerEventInOrder()
    {
        var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = new TestContextLogger() });
        var files = cert.WriteFiles();

        cert.Dispose();

        string[] written = [files.CertificatePath, files.PrivateKeyPath, files.ChainPath, files.FullChainPath, files.TrustAnchorPath];
        var lines = OutputLines();
        Assert.That(lines, Has.Length.EqualTo(7), "created, five files written, disposed");
        Assert.That(lines.Skip(1).Take(5), Is.EqualTo(written.Select(path => $"Debug [2 FileWritten] Wrote {path}")));
        Assert.That(lines[6], Is.EqualTo($"Debug [3 CertificateDisposed] Disposed certificate CN=localhost, O=CertKit and its files {files.CertificatePath.Replace("certificate.pem", "*", StringComparison.Ordinal)}"));
    }

    [Test]
    public void Log_AuthorityWithLogger_IssuedCertificatesLogThroughIt()
    {
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = new TestContextLogger() });

        using var leaf = ca.IssueServerCertificate("api.test");

        Assert.That(OutputLines()[^1], Does.StartWith("Debug [1 CertificateCreated] Created certificate CN=api.test, O=CertKit for api.test"));
    }

    [Test]
    public void Log_WithException_WritesExceptionBelowMessage()
    {
        Write(new TestContextLogger(), LogLevel.Warning, new EventId(4, "CleanupFailed"), "Could not delete /tmp/x; delete it by hand", new IOException("disk gone"));

        var lines = OutputLines();
        Assert.That(lines[0], Is.EqualTo("Warning [4 CleanupFailed] Could not delete /tmp/x; delete it by hand"));
        Assert.That(lines[1], Is.EqualTo("System.IO.IOException: disk gone"));
    }

    [Test]
    public void Log_EventWithoutName_WritesIdOnly()
    {
        Write(new TestContextLogger(), LogLevel.Information, new EventId(7), "plain text");

        Assert.That(OutputLines(), Is.EqualTo(new[] { "Information [7] plain text" }));
    }

    [TestCase(LogLevel.Trace)]
    [TestCase(LogLevel.Debug)]
    [TestCase(LogLevel.Information)]
    [TestCase(LogLevel.Warning)]
    [TestCase(LogLevel.Error)]
    [TestCase(LogLevel.Critical)]
    public void IsEnabled_DefaultMinimum_EveryLevelButNone(LogLevel level)
    {
        var logger = new TestContextLogger();

        Assert.That(logger.MinimumLevel, Is.EqualTo(LogLevel.Trace));
        Assert.That(logger.IsEnabled(level), Is.True);
        Assert.That(logger.IsEnabled(LogLevel.None), Is.False);
    }

    [Test]
    public void Log_MinimumInformation_CertKitDebugEventsSkippedInformationWritten()
    {
        var logger = new TestContextLogger(LogLevel.Information);

        using (var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger }))
        {
            _ = cert.WriteFiles();
        }

        Assert.That(OutputLines(), Is.Empty, "CertKit's created, written and disposed events are Debug");
        Write(logger, LogLevel.Information, new EventId(5, "LeftoverRemoved"), "Removed /tmp/certkit-1, left behind by process 1, which is gone");
        Assert.That(OutputLines(), Is.EqualTo(new[] { "Information [5 LeftoverRemoved] Removed /tmp/certkit-1, left behind by process 1, which is gone" }));
    }

    [Test]
    public void Log_MinimumNone_WritesNothing()
    {
        var logger = new TestContextLogger(LogLevel.None);

        Write(logger, LogLevel.Critical, default, "never");

        Assert.That(logger.IsEnabled(LogLevel.Critical), Is.False);
        Assert.That(OutputLines(), Is.Empty);
    }

    [Test]
    public void Log_ThreadOutsideAnyTest_DoesNotThrowAndReachesNoTest()
    {
        var logger = new TestContextLogger();
        Exception? thrown = null;
        // A thread the test did not start, with no execution context flowing into it: NUnit knows of no test there.
        using (ExecutionContext.SuppressFlow())
        {
            var thread = new Thread(() =>
            {
                try
                {
                    Write(logger, LogLevel.Warning, new EventId(4, "CleanupFailed"), "from nowhere");
                }
                catch (Exception e)
                {
                    thrown = e;
                }
            });
            thread.Start();
            thread.Join();
        }

        Assert.That(thrown, Is.Null);
        Assert.That(OutputLines(), Is.Empty);
    }

    [Test]
    public void BeginScope_Any_ReturnsNullAndWritesNothing()
    {
        var scope = new TestContextLogger().BeginScope("request 42");

        Assert.That(scope, Is.Null);
        Assert.That(OutputLines(), Is.Empty);
    }

    [Test]
    public void Log_NullFormatter_ThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>(() => new TestContextLogger().Log(LogLevel.Error, default, "state", null, null!));

    [Test]
    public void Constructor_UndefinedLevel_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new TestContextLogger((LogLevel)42));

        Assert.That(error!.Message, Does.Contain("'42'"));
    }

    // What NUnit has recorded so far as this test's output: the text the adapter reports as the test's standard output.
    private static string[] OutputLines() =>
        TestExecutionContext.CurrentContext.CurrentResult.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    // Straight through ILogger.Log, as CertKit's generated logging calls it.
    private static void Write(TestContextLogger logger, LogLevel level, EventId eventId, string message, Exception? exception = null) =>
        logger.Log(level, eventId, message, exception, static (text, _) => text);
}
