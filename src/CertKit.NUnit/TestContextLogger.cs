using CertKit.TestFrameworks;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace CertKit.NUnit;

/// <summary>
/// An <see cref="ILogger"/> that writes each message to <see cref="TestContext.Out"/> as NUnit resolves it when the message
/// is logged, so CertKit's diagnostics (certificate created, file written, certificate disposed, cleanup failed, validity
/// shortened) appear in the output of the test that caused them, even from an authority shared by a whole fixture or
/// assembly and with tests running in parallel.
/// </summary>
/// <example>
/// <code>
/// [OneTimeSetUp]
/// public void CreateAuthority() => _ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = new TestContextLogger() });
/// // Each test's output then has the lines of what that test issued, such as
/// // Debug [1 CertificateCreated] Created certificate CN=localhost, O=CertKit for localhost (ECDSA P-256, serial ..., valid ...)
/// </code>
/// </example>
/// <remarks>
/// <para>
/// Each message is one <see cref="TextWriter.WriteLine(string)"/>: the level, the event id and name in brackets and the
/// formatted message, then the exception, if any, on the lines below. Scopes are not written.
/// </para>
/// <para>
/// The logger holds no test: one instance serves every test, and a line goes wherever NUnit sends
/// <see cref="TestContext.Out"/> at that moment. In a test, its <c>[SetUp]</c> or its <c>[TearDown]</c>, that is the test's own
/// output; in <c>[OneTimeSetUp]</c> or <c>[OneTimeTearDown]</c> (the authority's own certificate, its disposal), the output of
/// the fixture or <c>[SetUpFixture]</c>, which NUnit reports apart from its tests. NUnit follows a test into the tasks and
/// threads it awaits, not into a thread it did not start: a line logged on such a thread (a timer, say) goes to no test.
/// </para>
/// <para>
/// Logging never throws because a test has ended: a writer that refuses the line with <see cref="ObjectDisposedException"/>
/// or <see cref="InvalidOperationException"/> has it dropped, and the caller (a <c>Dispose</c>, a one-time teardown) goes on.
/// The logger is thread-safe.
/// </para>
/// </remarks>
public sealed class TestContextLogger : ILogger
{
    /// <summary>Creates a logger that writes every message at <paramref name="minimumLevel"/> or above to the current test's output.</summary>
    /// <param name="minimumLevel">The lowest level written. CertKit logs at <see cref="LogLevel.Debug"/> (created, written, disposed),
    /// <see cref="LogLevel.Information"/> (leftovers removed, a default validity cut to the issuer's) and <see cref="LogLevel.Warning"/> (cleanup failed).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumLevel"/> is not a defined <see cref="LogLevel"/>.</exception>
    public TestContextLogger(LogLevel minimumLevel = LogLevel.Trace)
    {
        MinimumLevel = TestOutputLine.ValidMinimumLevel(minimumLevel, nameof(minimumLevel));
    }

    /// <summary>The lowest level written.</summary>
    /// <value><see cref="LogLevel.Trace"/> unless given: everything. <see cref="LogLevel.None"/> writes nothing.</value>
    public LogLevel MinimumLevel { get; }

    /// <summary>Whether messages at <paramref name="logLevel"/> are written: at or above <see cref="MinimumLevel"/>, and never at <see cref="LogLevel.None"/>.</summary>
    /// <param name="logLevel">The level to check.</param>
    /// <returns><see langword="true"/> when such a message would be written.</returns>
    public bool IsEnabled(LogLevel logLevel) => TestOutputLine.IsEnabled(logLevel, MinimumLevel);

    /// <summary>Writes the message, if <see cref="IsEnabled"/>, as one line (plus the exception) to <see cref="TestContext.Out"/> as it is now.</summary>
    /// <typeparam name="TState">The type of the state.</typeparam>
    /// <param name="logLevel">The level.</param>
    /// <param name="eventId">The event id; CertKit's are stable (1 CertificateCreated to 6 ValidityShortened).</param>
    /// <param name="state">The state the formatter reads.</param>
    /// <param name="exception">The exception to write below the message, or <see langword="null"/>.</param>
    /// <param name="formatter">Makes the message from the state and the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="formatter"/> is <see langword="null"/>.</exception>
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (TestOutputLine.Format(MinimumLevel, logLevel, eventId, state, exception, formatter) is not { } line)
        {
            return;
        }

        try
        {
            // Read at every call, never kept: NUnit hands out the writer of the test (or fixture) running on this flow now.
            TestContext.Out.WriteLine(line);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            // The test is over; a diagnostic must not turn the caller's Dispose or teardown into a failure.
        }
    }

    /// <summary>Scopes are not written; returns <see langword="null"/>.</summary>
    /// <typeparam name="TState">The type of the scope's state.</typeparam>
    /// <param name="state">Ignored.</param>
    /// <returns><see langword="null"/>.</returns>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;
}
