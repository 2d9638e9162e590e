namespace CertKit.NUnit.Tests.Inner;

/// <summary>
/// Two tests that run at the same time (each waits for the other at a barrier) and issue from one authority made in
/// [OneTimeSetUp] with one TestContextLogger: each certificate's lines must land in the output of the test that issued it.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ParallelLoggingFixture
{
    public static readonly TimeSpan MeetingTimeout = TimeSpan.FromSeconds(60);

    private readonly Barrier _bothRunning = new(2);
    private TestCertificateAuthority _ca = null!;

    [OneTimeSetUp]
    public void CreateAuthority() => _ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = new TestContextLogger() });

    [OneTimeTearDown]
    public void DisposeAuthority()
    {
        _ca.Dispose();
        _bothRunning.Dispose();
    }

    [Test]
    public async Task Alpha() => await IssueWhileTheOtherTestRunsAsync("alpha.test");

    [Test]
    public async Task Beta() => await IssueWhileTheOtherTestRunsAsync("beta.test");

    private async Task IssueWhileTheOtherTestRunsAsync(string host)
    {
        using var leaf = _ca.IssueServerCertificate(host);
        // Both tests hold a live certificate here: neither can finish before the other has started.
        Assert.That(_bothRunning.SignalAndWait(MeetingTimeout), Is.True, "the other test never ran alongside this one");
        await Task.Yield(); // the rest of the test runs on another thread; NUnit's context flows with it
        _ = leaf.WriteFiles();
        Assert.That(_bothRunning.SignalAndWait(MeetingTimeout), Is.True, "the other test never ran alongside this one");
    }
}

/// <summary>
/// The control: a logger that keeps the writer TestContext.Out gave it in [OneTimeSetUp] sends a test's lines to the
/// fixture instead. The outer tests show their check tells the two apart.
/// </summary>
[TestFixture]
public sealed class WriterKeptAtSetUpFixture
{
    private TestCertificateAuthority _ca = null!;

    [OneTimeSetUp]
    public void CreateAuthority() => _ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = new KeptWriterLogger(TestContext.Out) });

    [OneTimeTearDown]
    public void DisposeAuthority() => _ca.Dispose();

    [Test]
    public void Gamma()
    {
        using var leaf = _ca.IssueServerCertificate("gamma.test");
        Assert.That(leaf.Certificate.Subject, Does.Contain("gamma.test"));
    }

    private sealed class KeptWriterLogger(TextWriter writer) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            writer.WriteLine(formatter(state, exception));
    }
}
