namespace CertKit.TUnit.Tests.Inner;

/// <summary>
/// Two tests that share one authority and its one logger, and are made to overlap: each issues a certificate for its own
/// host between two rendezvous with the other, so both are running when both log. Each must find its own line, and only
/// its own, in its output; RunnerOutputTests checks the same in the TRX of a child run.
/// </summary>
[ClassDataSource<SharedCertificateAuthority>(Shared = SharedType.PerClass)]
public sealed class ParallelAttributionTests(SharedCertificateAuthority shared)
{
    private static readonly Rendezvous BothStarted = new(2);
    private static readonly Rendezvous BothLogged = new(2);

    [Test]
    public Task Issue_LeftWhileRightRuns_OnlyLeftLineInLeftOutput() => IssueAndCheckAsync("left.test", "right.test");

    [Test]
    public Task Issue_RightWhileLeftRuns_OnlyRightLineInRightOutput() => IssueAndCheckAsync("right.test", "left.test");

    private async Task IssueAndCheckAsync(string mine, string theirs)
    {
        await BothStarted.ArriveAsync();
        using var leaf = shared.Authority.IssueServerCertificate(mine); // logged through the shared authority's one logger
        await BothLogged.ArriveAsync();

        var output = TestContext.Current!.GetStandardOutput();
        await Assert.That(output).Contains($"Debug [1 CertificateCreated] Created certificate CN={mine}, O=CertKit for {mine} (");
        await Assert.That(output).DoesNotContain(theirs);
    }

    /// <summary>Completes once <c>count</c> callers have arrived. The wait is bounded so that tests TUnit did not run side by side fail instead of hanging.</summary>
    private sealed class Rendezvous(int count)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public async Task ArriveAsync()
        {
            if (Interlocked.Increment(ref _arrived) == count)
            {
                _all.SetResult();
            }

            try
            {
                await _all.Task.WaitAsync(TimeSpan.FromMinutes(2));
            }
            catch (TimeoutException)
            {
                throw new InvalidOperationException($"only {Volatile.Read(ref _arrived)} of {count} tests arrived: TUnit did not run them in parallel");
            }
        }
    }
}
