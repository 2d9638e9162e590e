using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// The one way these tests start a server on 127.0.0.1: its package must be installed (else the test is inconclusive), it
/// gets a scratch directory of its own, its set-up tools and processes run in it (each step timed, for the class's log),
/// and disposing stops its processes, the last started first (each asserting that no process of it runs and nothing
/// listens on its ports any more), then deletes the directory (asserting that it is gone), whatever failed before.
/// </summary>
internal abstract class LoopbackServer : IAsyncDisposable
{
    private readonly List<ServerProcess> _processes = [];
    private readonly List<string> _steps = [];

    protected LoopbackServer(ServerPackage package)
    {
        package.RequireInstalled();
        Scratch = new ServerDirectory(Path.GetFileName(package.Executable));
    }

    /// <summary>The port clients connect to: the first of the server's.</summary>
    public int Port => Server.Port;

    /// <summary>The server's log so far (standard output and error).</summary>
    public string Output => _processes.Count == 0 ? string.Empty : Server.Output;

    /// <summary>How long each step of the start took, for the class's log: <c>initdb 812 ms, postgres listening after 301 ms</c>.</summary>
    public string StartTimes => string.Join(", ", _steps);

    protected ServerDirectory Scratch { get; }

    /// <summary>The process started last: the server itself (RabbitMQ starts its epmd before it).</summary>
    protected ServerProcess Server => _processes.Count > 0 ? _processes[^1] : throw new InvalidOperationException("the server has not started");

    /// <summary>
    /// Waits up to 5 s for the server's log, from <paramref name="since"/> (a length of <see cref="Output"/> taken before),
    /// to contain <paramref name="words"/>: its own account of a connection, logged just after the client saw it.
    /// </summary>
    public Task AssertLoggedAsync(int since, string words) => Server.AssertLoggedAsync(since, words);

    public async ValueTask DisposeAsync()
    {
        var failures = new List<ExceptionDispatchInfo>();
        try
        {
            try
            {
                BeforeStop();
            }
            catch (Exception e)
            {
                failures.Add(ExceptionDispatchInfo.Capture(e));
            }

            // Each stops even if one before it failed; the first failure is reported.
            for (var i = _processes.Count - 1; i >= 0; i--)
            {
                try
                {
                    await _processes[i].DisposeAsync();
                }
                catch (Exception e)
                {
                    failures.Add(ExceptionDispatchInfo.Capture(e));
                }
            }

            _processes.Clear();
        }
        finally
        {
            Scratch.Dispose();
        }

        failures.FirstOrDefault()?.Throw();
    }

    /// <summary>Makes <paramref name="server"/> start; if that fails, or is inconclusive, stops what did start and deletes its directory.</summary>
    protected static async Task<TServer> StartAsync<TServer>(TServer server, Func<Task> start)
        where TServer : LoopbackServer
    {
        try
        {
            await start();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a set-up tool (initdb, mariadb-install-db) to completion; it must succeed.</summary>
    protected Task RunToolAsync(string executable, IEnumerable<string> arguments, string? user = null) =>
        TimeAsync(Path.GetFileName(executable), async () =>
        {
            var result = await ServerProcess.RunAsync(executable, arguments, user);
            Assert.AreEqual(0, result.ExitCode, $"{Path.GetFileName(executable)} failed:\n{result.Output}");
            return result;
        });

    /// <summary>Starts a process of the server; it is stopped on dispose, before those started earlier.</summary>
    protected Task<ServerProcess> StartProcessAsync(
        string executable, IEnumerable<string> arguments, IReadOnlyList<int> ports, string? user = null, IReadOnlyDictionary<string, string>? environment = null) =>
        TimeAsync($"{Path.GetFileName(executable)} listening after", async () =>
        {
            var process = await ServerProcess.StartAsync(executable, arguments, ports, user, environment);
            _processes.Add(process);
            return process;
        });

    /// <summary>Runs a step of the start and notes how long it took.</summary>
    protected async Task<T> TimeAsync<T>(string step, Func<Task<T>> run)
    {
        var clock = Stopwatch.StartNew();
        var result = await run();
        _steps.Add($"{step} {clock.Elapsed.TotalMilliseconds:F0} ms");
        return result;
    }

    /// <summary>What to do before the processes stop, such as closing a client's pooled connections (the default: nothing).</summary>
    protected virtual void BeforeStop()
    {
    }
}
