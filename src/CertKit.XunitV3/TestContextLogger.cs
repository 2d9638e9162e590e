using CertKit.TestFrameworks;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CertKit.XunitV3;

/// <summary>
/// An <see cref="ILogger"/> that writes each message to the output of the xUnit.net test running when the message is
/// logged (<see cref="TestContext.Current"/>), so CertKit's diagnostics (certificate created, file written, certificate
/// disposed, cleanup failed, validity shortened) appear in the output of the test that caused them.
/// </summary>
/// <example>
/// <code>
/// using var ca = TestCertificateAuthority.Create(new CertificateOptions { Logger = new TestContextLogger() });
/// using var leaf = ca.IssueServerCertificate("localhost");
/// // The test's output then has lines such as
/// // Debug [1 CertificateCreated] Created certificate CN=localhost, O=CertKit for localhost (ECDSA P-256, serial ..., valid ...)
/// </code>
/// </example>
/// <remarks>
/// <para>
/// Each message is one <see cref="ITestOutputHelper.WriteLine(string)"/>: the level, the event id and name in brackets and
/// the formatted message, then the exception, if any, on the lines below. Scopes are not written.
/// </para>
/// <para>
/// The test is looked up each time a message is logged, not when the logger is made: one logger can serve an authority
/// shared by a class, a collection or the assembly (see <see cref="CertificateAuthorityFixture"/>), and each line lands in
/// the output of the test whose code logged it, also when tests run in parallel. xUnit.net tracks the current test
/// through the async flow, so work a test starts and awaits counts as that test's.
/// </para>
/// <para>
/// A message logged outside any test (a fixture's constructor or <c>Dispose</c>) becomes an xUnit.net diagnostic message,
/// shown when diagnostic messages are on (<c>"diagnosticMessages": true</c> in xunit.runner.json). A message logged for a
/// test that has already finished (from work it left running) is dropped. Logging never throws for either.
/// </para>
/// </remarks>
public sealed class TestContextLogger : ILogger
{
    /// <summary>Creates a logger that writes to the current test's output every message at <paramref name="minimumLevel"/> or above.</summary>
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

    /// <summary>Writes the message, if <see cref="IsEnabled"/>, as one line (plus the exception) to the current test's output.</summary>
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

        // Read once: the context is a snapshot of where the caller is now.
        var context = TestContext.Current;
        if (context.TestOutputHelper is not { } output)
        {
            context.SendDiagnosticMessage(line);
            return;
        }

        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // "There is no currently active test": the test this work belonged to has finished. A diagnostic must not
            // turn the caller's Dispose or cleanup into a failure.
        }
    }

    /// <summary>Scopes are not written; returns <see langword="null"/>.</summary>
    /// <typeparam name="TState">The type of the scope's state.</typeparam>
    /// <param name="state">Ignored.</param>
    /// <returns><see langword="null"/>.</returns>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;
}
