using System.Diagnostics;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// One test class's server with its certificates: started in <c>[ClassInitialize]</c>, stopped in <c>[ClassCleanup]</c>,
/// the server first (asserting that nothing of it remains), then the certificates, whatever failed; if starting fails,
/// or is inconclusive, both go at once. It logs what each step took, and the class's time in all.
/// </summary>
internal static class ServerFixture
{
    /// <param name="context">The class's context, for the log.</param>
    /// <param name="pki">The class's certificates; disposed with the server.</param>
    /// <param name="start">Starts the server with them.</param>
    public static async Task<ServerFixture<TServer>> StartAsync<TServer>(TestContext context, ServerTestPki pki, Func<ServerTestPki, Task<TServer>> start)
        where TServer : LoopbackServer
    {
        var fixture = new ServerFixture<TServer>(context, pki);
        try
        {
            fixture.Server = await start(pki);
            context.WriteLine($"{fixture.Name}: certificates {pki.CreateTime.TotalMilliseconds:F0} ms, {fixture.Server.StartTimes}");
            return fixture;
        }
        catch
        {
            await fixture.StopAsync(context);
            throw;
        }
    }

    /// <summary>Stops the fixture's server and disposes its certificates, if there is one (its start may have failed).</summary>
    public static Task StopAsync<TServer>(ServerFixture<TServer>? fixture, TestContext context)
        where TServer : LoopbackServer =>
        fixture?.StopAsync(context) ?? Task.CompletedTask;
}

/// <inheritdoc cref="ServerFixture"/>
internal sealed class ServerFixture<TServer>
    where TServer : LoopbackServer
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TServer? _server;

    internal ServerFixture(TestContext context, ServerTestPki pki)
    {
        Name = context.FullyQualifiedTestClassName?.Split('.')[^1] ?? typeof(TServer).Name;
        Pki = pki;
    }

    public ServerTestPki Pki { get; }

    public TServer Server
    {
        get => _server ?? throw new InvalidOperationException($"{Name}'s server is not running");
        internal set => _server = value;
    }

    internal string Name { get; }

    /// <summary>Sets the running server up for the tests (a role, say); if that fails, stops it and disposes the certificates.</summary>
    public async Task PrepareAsync(TestContext context, Func<Task> prepare)
    {
        try
        {
            await prepare();
        }
        catch
        {
            await StopAsync(context);
            throw;
        }
    }

    /// <summary>Stops the server (asserting that nothing of it remains) and disposes the certificates; safe to call twice.</summary>
    internal async Task StopAsync(TestContext context)
    {
        var stopping = Stopwatch.StartNew();
        try
        {
            if (_server is { } server)
            {
                _server = null;
                await server.DisposeAsync();
            }
        }
        finally
        {
            Pki.Dispose();
            context.WriteLine($"{Name}: stop {stopping.Elapsed.TotalMilliseconds:F0} ms, {_clock.Elapsed.TotalMilliseconds:F0} ms in all");
        }
    }
}
