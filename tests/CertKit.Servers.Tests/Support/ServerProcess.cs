using System.Diagnostics;
using System.Text;

namespace CertKit.Servers.Tests.Support;

internal sealed record ProcessResult(int ExitCode, string Output);

/// <summary>
/// A server started by a test: optionally as another user (setpriv execs, so the process id is the server's own), ready once
/// it accepts connections on its port on 127.0.0.1, and stopped by its process id on dispose (SIGTERM, then SIGKILL of the
/// whole tree after 20 s), after which nothing may listen on the port any more.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

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

    public static async Task<ServerProcess> StartAsync(
        string executable, IEnumerable<string> arguments, int port, string? user = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var server = new ServerProcess(Start(executable, arguments, user, environment), port);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!FreePort.IsListening(port))
        {
            if (server._process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                var output = server.Output;
                await server.DisposeAsync();
                Assert.Fail($"{Path.GetFileName(executable)} did not listen on 127.0.0.1:{port} (exited: {server._process.HasExited}). Its output:\n{output}");
            }

            await Task.Delay(50);
        }

        return server;
    }

    /// <summary>Runs a tool to completion (initdb, mariadb-install-db, rabbitmqctl) and returns its exit code and output.</summary>
    public static async Task<ProcessResult> RunAsync(
        string executable, IEnumerable<string> arguments, string? user = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(executable, arguments, user, environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await stdout + await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
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
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        Assert.IsFalse(FreePort.IsListening(Port), $"something still listens on 127.0.0.1:{Port} after the server stopped");
    }

    private static Process Start(string executable, IEnumerable<string> arguments, string? user, IReadOnlyDictionary<string, string>? environment)
    {
        var startInfo = new ProcessStartInfo(user is null ? executable : "/usr/bin/setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (user is not null)
        {
            foreach (var argument in new[] { $"--reuid={user}", $"--regid={user}", "--init-groups", "--", executable })
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

        return Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {executable}");
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
