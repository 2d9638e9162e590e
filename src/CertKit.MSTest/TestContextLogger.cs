using CertKit.TestFrameworks;
using Microsoft.Extensions.Logging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.MSTest;

/// <summary>
/// An <see cref="ILogger"/> that writes each message to one MSTest <see cref="TestContext"/>, so CertKit's diagnostics
/// (certificate created, file written, certificate disposed, cleanup failed, validity shortened) appear in that test's output.
/// </summary>
/// <example>
/// <code>
/// using var cert = TemporaryCertificate.Create(new CertificateOptions { Logger = new TestContextLogger(TestContext) });
/// // The test's output then has lines such as
/// // Debug [1 CertificateCreated] Created certificate CN=localhost, O=CertKit for localhost, 127.0.0.1, ::1 (ECDSA P-256, serial ..., valid ...)
/// </code>
/// </example>
/// <remarks>
/// <para>
/// Each message is one <see cref="TestContext.WriteLine(string)"/>: the level, the event id and name in brackets and the
/// formatted message, then the exception, if any, on the lines below. Scopes are not written.
/// </para>
/// <para>
/// A logger writes to the context it was made with, for as long as it lives. Give each test its own: a logger made with the
/// context of <c>[ClassInitialize]</c> or <c>[AssemblyInitialize]</c> reports only what happens during that method (MSTest
/// shows such lines with the class's first test, or not at all for assembly initialization), so an authority shared by many
/// tests should issue each test's certificate with that test's logger:
/// <c>ca.Issue(new CertificateOptions { Logger = new TestContextLogger(TestContext) })</c>.
/// </para>
/// <para>
/// Logging never throws because the test has ended. MSTest 4 accepts a line written to the context of a finished test or
/// initialize method and shows it nowhere; a context that refuses it with <see cref="ObjectDisposedException"/> or
/// <see cref="InvalidOperationException"/> has it dropped. Either way the line is lost and the caller (a
/// <c>Dispose</c>, a class cleanup) goes on. The logger is as thread-safe as its context; MSTest's own is.
/// </para>
/// </remarks>
public sealed class TestContextLogger : ILogger
{
    private readonly TestContext _testContext;

    /// <summary>Creates a logger that writes to <paramref name="testContext"/> every message at <paramref name="minimumLevel"/> or above.</summary>
    /// <param name="testContext">The context of the running test, as MSTest injects it (a <c>TestContext</c> property or constructor parameter).</param>
    /// <param name="minimumLevel">The lowest level written. CertKit logs at <see cref="LogLevel.Debug"/> (created, written, disposed),
    /// <see cref="LogLevel.Information"/> (leftovers removed, a default validity cut to the issuer's) and <see cref="LogLevel.Warning"/> (cleanup failed).</param>
    /// <exception cref="ArgumentNullException"><paramref name="testContext"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumLevel"/> is not a defined <see cref="LogLevel"/>.</exception>
    public TestContextLogger(TestContext testContext, LogLevel minimumLevel = LogLevel.Trace)
    {
        ArgumentNullException.ThrowIfNull(testContext);
        _testContext = testContext;
        MinimumLevel = TestOutputLine.ValidMinimumLevel(minimumLevel, nameof(minimumLevel));
    }

    /// <summary>The lowest level written.</summary>
    /// <value><see cref="LogLevel.Trace"/> unless given: everything. <see cref="LogLevel.None"/> writes nothing.</value>
    public LogLevel MinimumLevel { get; }

    /// <summary>Whether messages at <paramref name="logLevel"/> are written: at or above <see cref="MinimumLevel"/>, and never at <see cref="LogLevel.None"/>.</summary>
    /// <param name="logLevel">The level to check.</param>
    /// <returns><see langword="true"/> when such a message would be written.</returns>
    public bool IsEnabled(LogLevel logLevel) => TestOutputLine.IsEnabled(logLevel, MinimumLevel);

    /// <summary>Writes the message, if <see cref="IsEnabled"/>, as one line (plus the exception) to the test's output.</summary>
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
            _testContext.WriteLine(line);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            // The test is over; a diagnostic must not turn the caller's Dispose or cleanup into a failure.
        }
    }

    /// <summary>Scopes are not written; returns <see langword="null"/>.</summary>
    /// <typeparam name="TState">The type of the scope's state.</typeparam>
    /// <param name="state">Ignored.</param>
    /// <returns><see langword="null"/>.</returns>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;
}
