using System.Diagnostics;
using System.Globalization;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// A private RabbitMQ node on 127.0.0.1 with one AMQPS listener and no plain one, using a CertKit server certificate and
/// requiring a client certificate from its authority (<c>verify_peer</c>, <c>fail_if_no_peer_cert</c>); clients log in
/// with <see cref="UserName"/> and <see cref="Password"/>. Its Erlang distribution and its own epmd listen on free ports
/// on 127.0.0.1; node, epmd and scratch directory (database, logs, cookie, certificate files) go on dispose.
/// </summary>
internal sealed class RabbitMqServer : IAsyncDisposable
{
    public const string UserName = "certkit";
    public const string Password = "certkit-password";

    private const string User = "rabbitmq";
    private const string Epmd = "/usr/bin/epmd";

    private readonly ServerDirectory _directory;
    private ServerProcess? _epmd;
    private ServerProcess? _node;
    private readonly string _nodeName = $"certkit{Guid.NewGuid():N}@localhost";
    private int _distributionPort;

    private RabbitMqServer(ServerDirectory directory) => _directory = directory;

    /// <summary>The AMQPS port.</summary>
    public int Port => _node!.Port;

    /// <summary>From the start of rabbitmq-server to its AMQPS listener accepting (epmd not included).</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>From SIGTERM to the node's exit, once disposed.</summary>
    public TimeSpan StopTime { get; private set; }

    public string Output => _node?.Output ?? string.Empty;

    public static async Task<RabbitMqServer> StartAsync(TemporaryCertificate certificate)
    {
        ServerPackage.RabbitMq.RequireInstalled();
        if (!File.Exists(Epmd))
        {
            Assert.Inconclusive($"{Epmd} is missing: install it (Debian: apt-get install erlang-base) to run this test.");
        }

        var server = new RabbitMqServer(new ServerDirectory("rabbitmq"));
        try
        {
            await server.StartCoreAsync(certificate);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_node is not null)
            {
                // rabbitmq-server is a shell that traps SIGTERM, stops the Erlang VM it started and waits for it.
                var stopping = Stopwatch.StartNew();
                await _node.DisposeAsync();
                StopTime = stopping.Elapsed;
                Assert.IsFalse(FreePort.IsListening(_distributionPort), $"the Erlang distribution still listens on 127.0.0.1:{_distributionPort}");
            }
        }
        finally
        {
            try
            {
                if (_epmd is not null)
                {
                    await _epmd.DisposeAsync();
                }
            }
            finally
            {
                _directory.Dispose();
            }
        }

        Assert.IsFalse(Directory.Exists(_directory.Path), $"{_directory.Path} is still there after the node stopped");
        // The VM's helpers (inet_gethost) exit on their own once it is gone: give them a moment.
        var variable = $"RABBITMQ_NODENAME={_nodeName}";
        var left = ProcessesWithEnvironment(variable);
        for (var waited = Stopwatch.StartNew(); left.Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(5); left = ProcessesWithEnvironment(variable))
        {
            await Task.Delay(50);
        }

        Assert.IsEmpty(left, $"processes left behind: {string.Join("; ", left)}");
    }

    private async Task StartCoreAsync(TemporaryCertificate certificate)
    {
        // HOME holds the Erlang cookie; the node writes its database and logs there too.
        var home = _directory.CreateOwnedBy("home", User);
        var files = certificate.WriteFiles(_directory.Path, User);
        var amqpsPort = FreePort.Next();
        _distributionPort = NextPortOtherThan(amqpsPort);
        var epmdPort = NextPortOtherThan(amqpsPort, _distributionPort);

        var config = Path.Combine(_directory.Path, "rabbitmq.conf");
        await File.WriteAllLinesAsync(config, [
            "listeners.tcp = none",
            $"listeners.ssl.default = 127.0.0.1:{amqpsPort.ToString(CultureInfo.InvariantCulture)}",
            $"ssl_options.cacertfile = {files.TrustAnchorPath}",
            $"ssl_options.certfile = {files.ChainPath}",
            $"ssl_options.keyfile = {files.PrivateKeyPath}",
            "ssl_options.verify = verify_peer",
            "ssl_options.fail_if_no_peer_cert = true",
            $"default_user = {UserName}",
            $"default_pass = {Password}",
            "log.file = false",
            "log.console = true",
            "log.console.level = warning",
        ]);
        var plugins = Path.Combine(_directory.Path, "enabled_plugins");
        await File.WriteAllTextAsync(plugins, "[].\n");

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["RABBITMQ_NODENAME"] = _nodeName,
            ["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(home, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(home, "log"),
            ["RABBITMQ_CONFIG_FILE"] = config,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = plugins,
            // Not the machine's /etc/rabbitmq/rabbitmq-env.conf nor advanced.config: neither file exists here.
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_directory.Path, "rabbitmq-env.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_directory.Path, "advanced.config"),
            // The distribution on 127.0.0.1 only, and no epmd of the VM's own (it would outlive the node): ours, below.
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false",
        };

        _epmd = await ServerProcess.StartAsync(
            Epmd, ["-port", epmdPort.ToString(CultureInfo.InvariantCulture), "-address", "127.0.0.1"], epmdPort, User, environment);

        var started = Stopwatch.StartNew();
        _node = await ServerProcess.StartAsync(ServerPackage.RabbitMq.Executable, [], amqpsPort, User, environment);
        StartTime = started.Elapsed;
    }

    private static int NextPortOtherThan(params int[] taken)
    {
        while (true)
        {
            var port = FreePort.Next();
            if (!taken.Contains(port))
            {
                return port;
            }
        }
    }

    /// <summary>
    /// Processes with <paramref name="variable"/> (<c>NAME=value</c>) in their environment: the node, epmd and their helpers
    /// (erl_child_setup, inet_gethost) all inherit ours, so any that survived is found.
    /// </summary>
    private static List<string> ProcessesWithEnvironment(string variable)
    {
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Split('\0').Contains(variable))
                {
                    found.Add($"{pid}: {File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ')}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        return found;
    }
}
