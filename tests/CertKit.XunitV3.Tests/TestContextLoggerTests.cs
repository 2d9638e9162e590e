using CertKit.XunitV3.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CertKit.XunitV3.Tests;

public sealed class TestContextLoggerTests
{
    [Fact]
    public void Log_TemporaryCertificateCreated_WritesLevelEventIdAndSubject()
    {
        var output = new OutputCapture();

        using var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = new TestContextLogger() });

        var created = Assert.Single(output.Lines);
        Assert.StartsWith("Debug [1 CertificateCreated] Created certificate CN=localhost, O=CertKit for localhost, 127.0.0.1, ::1", created, StringComparison.Ordinal);
        Assert.Contains(cert.Certificate.SerialNumber, created, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_FileWrittenAndDisposed_WritesOneLinePerEventInOrder()
    {
        var output = new OutputCapture();
        var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = new TestContextLogger() });
        var files = cert.WriteFiles();

        cert.Dispose();

        string[] written = [files.CertificatePath, files.PrivateKeyPath, files.ChainPath, files.FullChainPath, files.TrustAnchorPath];
        Assert.Equal(7, output.Lines.Count); // created, five files written, disposed
        Assert.Equal(written.Select(path => $"Debug [2 FileWritten] Wrote {path}"), output.Lines.Skip(1).Take(5));
        Assert.Equal($"Debug [3 CertificateDisposed] Disposed certificate CN=localhost, O=CertKit and its files {files.CertificatePath.Replace("certificate.pem", "*", StringComparison.Ordinal)}", output.Lines[6]);
    }

    [Fact]
    public void Log_AuthorityWithLogger_IssuedCertificatesLogThroughIt()
    {
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = new TestContextLogger() });
        var output = new OutputCapture();

        using var leaf = ca.IssueServerCertificate("api.test");

        Assert.StartsWith("Debug [1 CertificateCreated] Created certificate CN=api.test, O=CertKit for api.test", Assert.Single(output.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_WithException_WritesExceptionBelowMessage()
    {
        var output = new OutputCapture();

        Write(new TestContextLogger(), LogLevel.Warning, new EventId(4, "CleanupFailed"), "Could not delete /tmp/x; delete it by hand", new IOException("disk gone"));

        Assert.Equal(["Warning [4 CleanupFailed] Could not delete /tmp/x; delete it by hand", "System.IO.IOException: disk gone"], output.Lines);
    }

    [Fact]
    public void Log_EventWithoutName_WritesIdOnly()
    {
        var output = new OutputCapture();

        Write(new TestContextLogger(), LogLevel.Information, new EventId(7), "plain text");

        Assert.Equal("Information [7] plain text", Assert.Single(output.Lines));
    }

    [Fact]
    public void Log_EmptyMessageWithoutException_WritesNothing()
    {
        var output = new OutputCapture();

        Write(new TestContextLogger(), LogLevel.Information, new EventId(7), "");

        Assert.Empty(output.Lines);
    }

    [Theory]
    [InlineData(LogLevel.Trace)]
    [InlineData(LogLevel.Debug)]
    [InlineData(LogLevel.Information)]
    [InlineData(LogLevel.Warning)]
    [InlineData(LogLevel.Error)]
    [InlineData(LogLevel.Critical)]
    public void IsEnabled_DefaultMinimum_EveryLevelButNone(LogLevel level)
    {
        var logger = new TestContextLogger();

        Assert.Equal(LogLevel.Trace, logger.MinimumLevel);
        Assert.True(logger.IsEnabled(level));
        Assert.False(logger.IsEnabled(LogLevel.None));
    }

    [Fact]
    public void Log_MinimumInformation_CertKitDebugEventsSkippedInformationWritten()
    {
        var output = new OutputCapture();
        var logger = new TestContextLogger(LogLevel.Information);

        using (var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger }))
        {
            _ = cert.WriteFiles();
        }

        Assert.Empty(output.Lines); // CertKit's created, written and disposed events are Debug
        Write(logger, LogLevel.Information, new EventId(5, "LeftoverRemoved"), "Removed /tmp/certkit-1, left behind by process 1, which is gone");
        Assert.Equal("Information [5 LeftoverRemoved] Removed /tmp/certkit-1, left behind by process 1, which is gone", Assert.Single(output.Lines));
    }

    [Fact]
    public void Log_MinimumNone_WritesNothing()
    {
        var output = new OutputCapture();
        var logger = new TestContextLogger(LogLevel.None);

        Write(logger, LogLevel.Critical, default, "never");

        Assert.False(logger.IsEnabled(LogLevel.Critical));
        Assert.Empty(output.Lines);
    }

    [Fact]
    public async Task Log_OutsideAnyTest_NotInThisTestsOutputAndDoesNotThrow()
    {
        var output = new OutputCapture();
        var logger = new TestContextLogger();
        var cancel = TestContext.Current.CancellationToken;
        Task outside;

        // Without the test's execution context the work runs where xUnit.net has no current test, as a fixture's does.
        using (ExecutionContext.SuppressFlow())
        {
            outside = Task.Run(() =>
            {
                Assert.Null(TestContext.Current.TestOutputHelper);
                using var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = logger });
                _ = cert.WriteFiles();
            }, cancel);
        }

        await outside;
        Assert.Empty(output.Lines);
    }

    [Fact]
    public void Log_NullFormatter_ThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>("formatter", () => new TestContextLogger().Log(LogLevel.Information, default, "state", null, null!));

    [Fact]
    public void BeginScope_Any_ReturnsNullAndWritesNothing()
    {
        var output = new OutputCapture();

        var scope = new TestContextLogger().BeginScope("request 42");

        Assert.Null(scope);
        Assert.Empty(output.Lines);
    }

    [Fact]
    public void Constructor_UndefinedLevel_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>("minimumLevel", () => new TestContextLogger((LogLevel)42));

        Assert.Contains("'42'", error.Message, StringComparison.Ordinal);
    }

    // Straight through ILogger.Log, as CertKit's generated logging calls it.
    private static void Write(TestContextLogger logger, LogLevel level, EventId eventId, string message, Exception? exception = null) =>
        logger.Log(level, eventId, message, exception, static (text, _) => text);
}
