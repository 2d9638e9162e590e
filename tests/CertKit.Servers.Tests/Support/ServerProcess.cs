using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CertKit.Servers.Tests.Support;

internal sealed record ProcessResult(int ExitCode, string Output);

/// <summary>
/// A server started by a test: optionally as another user with that user's primary group (setpriv execs, so the process id
/// is the server's own), ready once it accepts connections on each of its ports on 127.0.0.1, and stopped by its process
/// id on dispose (SIGTERM, then SIGKILL of the whole tree after 20 s), after which neither it, nor a process below it, nor
/// one that inherited its environment may run, nor anything listen on its ports.
/// </summary>
/// <remarks>
/// Every process it starts (servers and the tools of <see cref="RunAsync"/>) carries <see cref="MarkerVariable"/> in its
/// environment, a value of its own that begins with this run's id, and is recorded with the ports it listened on:
/// <see cref="LeftBehind"/> then tells, once for the whole run, what of them remains.
/// </remarks>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string MarkerVariable = "CERTKIT_SERVERS_PROCESS";

    private static readonly string RunId = Guid.NewGuid().ToString("N")[..12];
    private static readonly ConcurrentBag<ProcessIdentity> Started = [];
    private static readonly ConcurrentBag<int> UsedPorts = [];
    private static int _sequence;

    private readonly Process _process;
    private readonly string _marker;
    private readonly string _name;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, string marker, string name, IReadOnlyList<int> ports)
    {
        _process = process;
        _marker = marker;
        _name = name;
        Ports = ports;
    }

    /// <summary>The ports it listens on; the first is the one clients use.</summary>
    public IReadOnlyList<int> Ports { get; }

    public int Port => Ports[0];

    public int ProcessId => _process.Id;

    /// <summary>Its standard output and error so far (servers log to one or the other).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="executable">The server program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="ports">The ports it listens on, clients' first: it is ready when every one accepts connections.</param>
    /// <param name="user">The user to run it as (a name or a number), with that user's primary group; <see langword="null"/> for root.</param>
    /// <param name="environment">Variables to add to its environment.</param>
    public static async Task<ServerProcess> StartAsync(
        string executable, IEnumerable<string> arguments, IReadOnlyList<int> ports, string? user = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (process, marker) = Start(executable, arguments, user, environment);
        foreach (var port in ports)
        {
            UsedPorts.Add(port);
        }

        var server = new ServerProcess(process, marker, Path.GetFileName(executable), ports);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!ports.All(FreePort.IsListening))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                var failure = $"{server._name} did not listen on 127.0.0.1:{string.Join(", :", ports)} (exited: {process.HasExited}). Its output:\n";
                try
                {
                    await server.DisposeAsync();
                }
                finally
                {
                    Assert.Fail(failure + server.Output);
                }
            }

            await Task.Delay(50);
        }

        return server;
    }

    /// <summary>Runs a tool to completion (initdb, mariadb-install-db, pg_isready) and returns its exit code and output.</summary>
    public static async Task<ProcessResult> RunAsync(
        string executable, IEnumerable<string> arguments, string? user = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (started, _) = Start(executable, arguments, user, environment);
        using var process = started;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A tool that hangs is killed, not left behind.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(executable)} did not finish in 2 minutes; it was killed.");
        }

        return new ProcessResult(process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// What of this run's processes still runs and which of their ports something listens on: every process a
    /// <see cref="ServerProcess"/> started, every process found below one when it was stopped, any process that carries
    /// this run's marker in its environment, and every process below one of those (PostgreSQL overwrites its environment
    /// with its process titles, so a postmaster's children are found as its children).
    /// </summary>
    public static (List<ProcessIdentity> Processes, List<int> Ports) LeftBehind()
    {
        var running = Started
            .Concat(ProcessTable.WithEnvironment(entry => entry.StartsWith($"{MarkerVariable}={RunId}/", StringComparison.Ordinal)))
            .Where(process => process.IsRunning)
            .DistinctBy(process => process.Id)
            .ToList();
        var processes = running.Concat(running.SelectMany(process => ProcessTable.DescendantsOf(process.Id))).DistinctBy(process => process.Id).ToList();
        return (processes, [.. UsedPorts.Distinct().Where(FreePort.IsListening)]);
    }

    /// <summary>
    /// Waits up to 5 s for the output, from <paramref name="since"/> (a length of <see cref="Output"/> taken before), to
    /// contain <paramref name="words"/>: the server's own account of a connection, logged just after the client saw it.
    /// </summary>
    public async Task AssertLoggedAsync(int since, string words)
    {
        var deadline = Stopwatch.StartNew();
        while (!Output[since..].Contains(words, StringComparison.Ordinal))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(5))
            {
                Assert.Fail($"{_name} did not log '{words}'. Its log since then:\n{Output[since..]}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Its processes as they are now (a postmaster's backends, a shell's Erlang VM and the VM's helpers), before they go.
        var tree = ProcessTable.DescendantsOf(ProcessId);
        if (ProcessTable.Find(ProcessId) is { } self)
        {
            tree.Add(self);
        }

        foreach (var process in tree)
        {
            Started.Add(process);
        }

        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", ProcessId.ToString(CultureInfo.InvariantCulture)])!)
            {
                await term.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                // Bounded: a child that escaped the tree and holds the output pipe must not hang the class.
                using var killed = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(killed.Token);
            }
        }

        _process.Dispose();

        // Helpers exit on their own once their parent has (RabbitMQ's inet_gethost): give them a moment.
        var left = StillRunning(tree);
        for (var waited = Stopwatch.StartNew(); left.Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(5); left = StillRunning(tree))
        {
            await Task.Delay(50);
        }

        Assert.IsEmpty(left, $"processes of {_name} left behind after it stopped: {string.Join("; ", left)}");
        foreach (var port in Ports)
        {
            Assert.IsFalse(FreePort.IsListening(port), $"something still listens on 127.0.0.1:{port} after {_name} stopped");
        }
    }

    private List<ProcessIdentity> StillRunning(List<ProcessIdentity> tree) =>
        [.. tree.Concat(ProcessTable.WithEnvironment(entry => entry == _marker)).Where(process => process.IsRunning).DistinctBy(process => process.Id)];

    private static (Process Process, string Marker) Start(
        string executable, IEnumerable<string> arguments, string? user, IReadOnlyDictionary<string, string>? environment)
    {
        var startInfo = new ProcessStartInfo(user is null ? executable : "/usr/bin/setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (user is not null)
        {
            // setpriv takes the group as given, and a user's primary group need not be named like the user (nobody's is
            // nogroup); --init-groups needs a user the system knows, a bare number (a container's user) gets none.
            var groups = UnixUser.Exists(user) ? "--init-groups" : "--clear-groups";
            foreach (var argument in new[] { $"--reuid={user}", $"--regid={UnixUser.PrimaryGroupOf(user)}", groups, "--", executable })
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var marker = $"{RunId}/{Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture)}";
        startInfo.Environment[MarkerVariable] = marker;
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {executable}");
        if (ProcessTable.Find(process.Id) is { } identity)
        {
            Started.Add(identity);
        }

        return (process, $"{MarkerVariable}={marker}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
