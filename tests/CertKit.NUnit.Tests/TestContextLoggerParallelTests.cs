using CertKit.NUnit.Tests.Inner;
using CertKit.NUnit.Tests.Support;
using NUnit.Framework.Interfaces;

namespace CertKit.NUnit.Tests;

/// <summary>
/// Which output NUnit put each line in, read from NUnit's own results of the inner fixtures (CertKit.NUnit.Tests.Inner),
/// run in parallel by NUnit's runner.
/// </summary>
[NonParallelizable]
public sealed class TestContextLoggerParallelTests
{
    private InnerRun _run = null!;

    [OneTimeSetUp]
    public void RunInnerFixtures() => _run = InnerRun.Instance;

    [Test]
    public void Log_TwoTestsRunningTogether_EachLineInTheOutputOfTheTestThatCausedIt()
    {
        var alpha = _run.Find($"{typeof(ParallelLoggingFixture).FullName}.Alpha");
        var beta = _run.Find($"{typeof(ParallelLoggingFixture).FullName}.Beta");

        // Passed means each met the other at the barrier twice: they ran at the same time.
        Assert.That(new[] { alpha, beta }.Select(r => r.ResultState), Is.All.EqualTo(ResultState.Success), alpha.Message + beta.Message);
        AssertOutputIsOnlyItsOwn(alpha, "alpha.test", "beta.test");
        AssertOutputIsOnlyItsOwn(beta, "beta.test", "alpha.test");
    }

    [Test]
    public void Log_OneTimeSetUpAndTearDown_LinesInTheFixtureOutputNotATest()
    {
        var fixture = _run.Find(typeof(ParallelLoggingFixture).FullName!);
        var lines = Lines(fixture.Output);

        Assert.That(lines, Has.Exactly(1).StartsWith("Debug [1 CertificateCreated] Created certificate CN=CertKit Test Root CA"));
        Assert.That(lines, Has.Exactly(1).StartsWith("Debug [3 CertificateDisposed] Disposed certificate CN=CertKit Test Root CA"));
        Assert.That(lines, Has.None.Contains("alpha.test").And.None.Contains("beta.test"));
    }

    [Test]
    public void Log_ControlLoggerKeepingTheSetUpWriter_TestsLinesLandInTheFixtureInstead()
    {
        // The check above can fail: a logger that keeps the writer it was given in [OneTimeSetUp] gets this wrong.
        var fixture = _run.Find(typeof(WriterKeptAtSetUpFixture).FullName!);
        var gamma = _run.Find($"{typeof(WriterKeptAtSetUpFixture).FullName}.Gamma");

        Assert.That(gamma.ResultState, Is.EqualTo(ResultState.Success), gamma.Message);
        Assert.That(Lines(gamma.Output), Has.None.Contains("gamma.test"));
        Assert.That(Lines(fixture.Output), Has.Some.StartsWith("Created certificate CN=gamma.test"));
    }

    private static void AssertOutputIsOnlyItsOwn(ITestResult test, string own, string other)
    {
        var lines = Lines(test.Output);
        Assert.That(lines, Has.Exactly(1).StartsWith($"Debug [1 CertificateCreated] Created certificate CN={own}, O=CertKit for {own} ("), test.Output);
        Assert.That(lines.Count(l => l.StartsWith("Debug [2 FileWritten] Wrote ", StringComparison.Ordinal)), Is.EqualTo(5), test.Output);
        Assert.That(lines, Has.Exactly(1).StartsWith($"Debug [3 CertificateDisposed] Disposed certificate CN={own}, O=CertKit"), test.Output);
        Assert.That(lines, Has.Length.EqualTo(7), test.Output);
        Assert.That(lines, Has.None.Contains(other), test.Output);
    }

    private static string[] Lines(string output) => output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
