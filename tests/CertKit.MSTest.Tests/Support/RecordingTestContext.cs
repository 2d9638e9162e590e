using System.Collections.Concurrent;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.MSTest.Tests.Support;

/// <summary>
/// A TestContext whose lines a test can read back. MSTest's own context offers no way to read its output, and its
/// constructor is protected, so a subclass is the way to watch exactly what the logger wrote.
/// </summary>
internal sealed class RecordingTestContext : TestContext
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TestContext? _forwardTo;
    private volatile Exception? _failWith;

    /// <param name="forwardTo">The real context, so the lines also reach the test's output when the run is read by a person.</param>
    public RecordingTestContext(TestContext? forwardTo = null) => _forwardTo = forwardTo;

    public IReadOnlyList<string> Lines => [.. _lines];

    public override IDictionary<string, object?> Properties { get; } = new Dictionary<string, object?>();

    /// <summary>From now on every write throws <paramref name="exception"/>, as a context may once its test is over.</summary>
    public void FailWritesWith(Exception exception) => _failWith = exception;

    public override void WriteLine(string? message)
    {
        if (_failWith is { } failure)
        {
            throw failure;
        }

        _lines.Enqueue(message ?? string.Empty);
        _forwardTo?.WriteLine(message);
    }

    // TestContextLogger promises whole lines through WriteLine(string); any other member in use is a test failure.
    public override void WriteLine(string format, params object?[] args) => throw new NotSupportedException("expected WriteLine(string)");

    public override void Write(string? message) => throw new NotSupportedException("expected WriteLine(string)");

    public override void Write(string format, params object?[] args) => throw new NotSupportedException("expected WriteLine(string)");

    public override void DisplayMessage(MessageLevel messageLevel, string message) => throw new NotSupportedException("expected WriteLine(string)");

    public override void AddResultFile(string fileName) => throw new NotSupportedException("not used by these tests");
}
