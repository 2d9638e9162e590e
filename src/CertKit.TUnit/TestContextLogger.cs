using CertKit.TestFrameworks;
using Microsoft.Extensions.Logging;
using TUnit.Core;

namespace CertKit.TUnit;

/// <summary>
/// An <see cref="ILogger"/> that writes each message to the output of the TUnit test running when the message is logged,
/// so CertKit's diagnostics (certificate created, file written, certificate disposed, cleanup failed, validity shortened)
/// appear in the test that caused them, even from an authority that many tests share in parallel.
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
/// The logger holds no context: it looks up TUnit's <see cref="Context.Current"/> for each message, which TUnit keeps per
/// asynchronous flow. A line logged by a test (or by code it awaits) goes to that test's output
/// (<see cref="TestContext.Current"/>); one logged outside any test, say when TUnit disposes a shared
/// <see cref="SharedCertificateAuthority"/> after its last test, goes to the output of the hook, class, assembly or session
/// context in force, where TUnit shows such output, or nowhere. So one logger serves every test, and an authority created
/// with it hands it to every certificate it issues.
/// </para>
/// <para>
/// Each message is one <see cref="TextWriter.WriteLine(string)"/>: the level, the event id and name in brackets and the
/// formatted message, then the exception, if any, on the lines below. Scopes are not written. Logging never throws because
/// a context is gone: a writer that refuses a line with <see cref="ObjectDisposedException"/> or
/// <see cref="InvalidOperationException"/> has it dropped, and the caller (a <c>Dispose</c>) goes on.
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

    /// <summary>Writes the message, if <see cref="IsEnabled"/>, as one line (plus the exception) to the output of the current TUnit context.</summary>
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
            // Resolved now, not when the logger was made: the test (or hook) whose code is running owns the line.
            Context.Current.OutputWriter.WriteLine(line);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            // The context is over; a diagnostic must not turn the caller's Dispose or cleanup into a failure.
        }
    }

    /// <summary>Scopes are not written; returns <see langword="null"/>.</summary>
    /// <typeparam name="TState">The type of the scope's state.</typeparam>
    /// <param name="state">Ignored.</param>
    /// <returns><see langword="null"/>.</returns>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;
}
