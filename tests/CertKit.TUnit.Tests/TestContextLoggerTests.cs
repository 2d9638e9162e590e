using Microsoft.Extensions.Logging;

namespace CertKit.TUnit.Tests;

/// <summary>The logger against TUnit's real contexts, read back through TUnit's own output API.</summary>
public sealed class TestContextLoggerTests
{
    [Test]
    public async Task Log_AuthorityIssues_WritesLevelEventIdAndSubjectToThisTestsOutput()
    {
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = new TestContextLogger() });
        using var leaf = ca.IssueServerCertificate("api.test"); // the authority's logger is its certificates' logger

        var lines = OutputLines();
        await Assert.That(lines.Count).IsEqualTo(2);
        await Assert.That(lines[0]).StartsWith($"Debug [1 CertificateCreated] Created certificate {ca.Certificate.Certificate.Subject} for no names (");
        await Assert.That(lines[1]).StartsWith("Debug [1 CertificateCreated] Created certificate CN=api.test, O=CertKit for api.test (");
        await Assert.That(lines[1]).Contains(leaf.Certificate.SerialNumber);
    }

    [Test]
    public async Task Log_FilesWrittenAndDisposed_WritesOneLinePerEventInOrder()
    {
        var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = new TestContextLogger() });
        var files = cert.WriteFiles();

        cert.Dispose();

        var lines = OutputLines();
        string[] written = [files.CertificatePath, files.PrivateKeyPath, files.ChainPath, files.FullChainPath, files.TrustAnchorPath];
        await Assert.That(lines.Count).IsEqualTo(7);
        await Assert.That(lines.Skip(1).Take(5)).IsEquivalentTo(written.Select(path => $"Debug [2 FileWritten] Wrote {path}"));
        await Assert.That(lines[6]).IsEqualTo($"Debug [3 CertificateDisposed] Disposed certificate CN=localhost, O=CertKit and its files {files.CertificatePath.Replace("certificate.pem", "*", StringComparison.Ordinal)}");
    }

    [Test]
    public async Task Log_WithException_WritesExceptionBelowMessage()
    {
        Write(new TestContextLogger(), LogLevel.Warning, new EventId(4, "CleanupFailed"), "Could not delete /tmp/x; delete it by hand", new IOException("disk gone"));

        var lines = OutputLines();
        await Assert.That(lines[0]).IsEqualTo("Warning [4 CleanupFailed] Could not delete /tmp/x; delete it by hand");
        await Assert.That(lines[1]).IsEqualTo("System.IO.IOException: disk gone");
    }

    [Test]
    public async Task Log_EventWithoutName_WritesIdOnly()
    {
        Write(new TestContextLogger(), LogLevel.Information, new EventId(7), "plain text");

        await Assert.That(OutputLines()).IsEquivalentTo(["Information [7] plain text"]);
    }

    [Test]
    [Arguments(LogLevel.Trace)]
    [Arguments(LogLevel.Debug)]
    [Arguments(LogLevel.Information)]
    [Arguments(LogLevel.Warning)]
    [Arguments(LogLevel.Error)]
    [Arguments(LogLevel.Critical)]
    public async Task IsEnabled_DefaultMinimum_EveryLevelButNone(LogLevel level)
    {
        var logger = new TestContextLogger();

        await Assert.That(logger.MinimumLevel).IsEqualTo(LogLevel.Trace);
        await Assert.That(logger.IsEnabled(level)).IsTrue();
        await Assert.That(logger.IsEnabled(LogLevel.None)).IsFalse();
    }

    [Test]
    public async Task Log_MinimumInformation_CertKitDebugEventsSkippedInformationWritten()
    {
        var logger = new TestContextLogger(LogLevel.Information);
        using (var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger }))
        {
            _ = cert.WriteFiles();
        }

        await Assert.That(OutputLines()).IsEmpty(); // CertKit's created, written and disposed events are Debug
        Write(logger, LogLevel.Information, new EventId(5, "LeftoverRemoved"), "Removed /tmp/certkit-1, left behind by process 1, which is gone");
        await Assert.That(OutputLines()).IsEquivalentTo(["Information [5 LeftoverRemoved] Removed /tmp/certkit-1, left behind by process 1, which is gone"]);
    }

    [Test]
    public async Task Log_MinimumNone_WritesNothing()
    {
        var logger = new TestContextLogger(LogLevel.None);

        Write(logger, LogLevel.Critical, default, "never");

        await Assert.That(logger.IsEnabled(LogLevel.Critical)).IsFalse();
        await Assert.That(OutputLines()).IsEmpty();
    }

    [Test]
    public async Task Log_FromAFlowOutsideAnyTest_NotInThisTestsOutputAndDoesNotThrow()
    {
        var logger = new TestContextLogger();
        Task outside;
        using (ExecutionContext.SuppressFlow()) // no TUnit context flows into this task: as code no test awaits
        {
            outside = Task.Run(() =>
            {
                using var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger });
                return TestContext.Current;
            });
        }

        await outside;
        await Assert.That(((Task<TestContext?>)outside).Result).IsNull();
        await Assert.That(OutputLines()).IsEmpty();
        Write(logger, LogLevel.Information, default, "the test's own line");
        await Assert.That(OutputLines()).IsEquivalentTo(["Information [0] the test's own line"]);
    }

    [Test]
    public async Task Log_ContextFailsOtherwise_ExceptionPropagates()
    {
        var logger = new TestContextLogger();

        await Assert.That(() => logger.Log(LogLevel.Error, default, "state", null, (_, _) => throw new FormatException("a bug, not the end of a test")))
            .ThrowsExactly<FormatException>();
    }

    [Test]
    public async Task BeginScope_Any_ReturnsNullAndWritesNothing()
    {
        var scope = new TestContextLogger().BeginScope("request 42");

        await Assert.That(scope).IsNull();
        await Assert.That(OutputLines()).IsEmpty();
    }

    [Test]
    public async Task Constructor_UndefinedLevel_ThrowsNamingIt()
    {
        var error = await Assert.That(() => new TestContextLogger((LogLevel)42)).ThrowsExactly<ArgumentOutOfRangeException>();

        await Assert.That(error!.Message).Contains("'42'");
    }

    // What TUnit has captured as this test's standard output so far, one entry per line.
    private static List<string> OutputLines() =>
        TestContext.Current!.GetStandardOutput().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).ToList();

    // Straight through ILogger.Log, as CertKit's generated logging calls it.
    private static void Write(TestContextLogger logger, LogLevel level, EventId eventId, string message, Exception? exception = null) =>
        logger.Log(level, eventId, message, exception, static (text, _) => text);
}
