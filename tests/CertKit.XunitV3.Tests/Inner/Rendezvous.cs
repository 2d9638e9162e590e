namespace CertKit.XunitV3.Tests.Inner;

/// <summary>
/// Two tests meet here: each arrives, and neither goes on until both have. So while either is past this point, the
/// other is running too; no timing is assumed. The wait is bounded so that a runner that does not run them side by
/// side fails the inner run instead of hanging it.
/// </summary>
internal sealed class Rendezvous
{
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public async Task ArriveAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _arrived) == 2)
        {
            _first.SetResult();
            return;
        }

        try
        {
            await _first.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException("The other test never ran alongside this one: the runner did not run the two test classes in parallel.");
        }
    }
}
