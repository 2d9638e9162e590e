using Xunit;

namespace CertKit.XunitV3.Tests.Support;

/// <summary>
/// What the running test wrote to its output since this capture began, read back through xUnit.net's own
/// <see cref="ITestOutputHelper.Output"/>: the text the runner reports as the test's output.
/// </summary>
internal sealed class OutputCapture
{
    private readonly ITestOutputHelper _output;
    private readonly int _start;

    public OutputCapture()
    {
        _output = TestContext.Current.TestOutputHelper ?? throw new InvalidOperationException("no test is running");
        _start = _output.Output.Length;
    }

    /// <summary>The lines written since the capture began, without the last line break.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            var text = _output.Output[_start..];
            return text.Length == 0 ? [] : text.TrimEnd('\n', '\r').Split(Environment.NewLine);
        }
    }
}
