using System.Globalization;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// A private RabbitMQ node on 127.0.0.1 with one AMQPS listener and no plain one, using a CertKit server certificate and
/// requiring a client certificate from its authority (<c>verify_peer</c>, <c>fail_if_no_peer_cert</c>); clients log in
/// with <see cref="UserName"/> and <see cref="Password"/>. Its Erlang distribution and its own epmd listen on free ports
/// on 127.0.0.1; node, epmd and scratch directory (database, logs, cookie, certificate files) go on dispose.
/// </summary>
internal sealed class RabbitMqServer : LoopbackServer
{
    public const string UserName = "certkit";
    public const string Password = "certkit-password";

    private const string User = "rabbitmq";

    private RabbitMqServer()
        : base(ServerPackage.RabbitMq)
    {
    }

    public static Task<RabbitMqServer> StartAsync(TemporaryCertificate certificate)
    {
        ServerPackage.Epmd.RequireInstalled();
        var server = new RabbitMqServer();
        return StartAsync(server, () => server.StartCoreAsync(certificate));
    }

    private async Task StartCoreAsync(TemporaryCertificate certificate)
    {
        // HOME holds the Erlang cookie; the node writes its database and logs there too.
        var home = Scratch.CreateOwnedBy("home", User);
        var files = certificate.WriteFiles(Scratch.Path, User);
        var ports = FreePort.Next(3);
        var (amqpsPort, distributionPort, epmdPort) = (ports[0], ports[1], ports[2]);

        var config = Path.Combine(Scratch.Path, "rabbitmq.conf");
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
        var plugins = Path.Combine(Scratch.Path, "enabled_plugins");
        await File.WriteAllTextAsync(plugins, "[].\n");

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["RABBITMQ_NODENAME"] = $"certkit{Guid.NewGuid():N}@localhost",
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(home, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(home, "log"),
            ["RABBITMQ_CONFIG_FILE"] = config,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = plugins,
            // Not the machine's /etc/rabbitmq/rabbitmq-env.conf nor advanced.config: neither file exists here.
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(Scratch.Path, "rabbitmq-env.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(Scratch.Path, "advanced.config"),
            // The distribution on 127.0.0.1 only, and no epmd of the VM's own (it would outlive the node): ours, below.
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false",
        };

        await StartProcessAsync(
            ServerPackage.Epmd.Executable, ["-port", epmdPort.ToString(CultureInfo.InvariantCulture), "-address", "127.0.0.1"], [epmdPort], User, environment);

        // rabbitmq-server is a shell that starts the Erlang VM and, on SIGTERM, stops it and waits for it. Stopped before
        // epmd, it must leave neither the AMQPS listener nor the distribution's behind.
        await StartProcessAsync(ServerPackage.RabbitMq.Executable, [], [amqpsPort, distributionPort], User, environment);
    }
}
