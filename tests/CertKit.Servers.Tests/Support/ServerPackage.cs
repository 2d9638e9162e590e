namespace CertKit.Servers.Tests.Support;

/// <summary>A server program from a Debian package: a test that needs a missing one is inconclusive and names the package.</summary>
internal sealed record ServerPackage(string Executable, string DebianPackage)
{
    public static ServerPackage PostgreSql { get; } = new("/usr/lib/postgresql/15/bin/postgres", "postgresql-15");

    public static ServerPackage Redis { get; } = new("/usr/bin/redis-server", "redis-server");

    public static ServerPackage MariaDb { get; } = new("/usr/sbin/mariadbd", "mariadb-server-core");

    public static ServerPackage Mosquitto { get; } = new("/usr/sbin/mosquitto", "mosquitto");

    public static ServerPackage RabbitMq { get; } = new("/usr/lib/rabbitmq/bin/rabbitmq-server", "rabbitmq-server");

    /// <summary>The Erlang port mapper, which a RabbitMQ node registers with: the tests start one per node.</summary>
    public static ServerPackage Epmd { get; } = new("/usr/bin/epmd", "erlang-base");

    /// <summary>The program's directory, for its sibling tools (initdb, mariadb-install-db, rabbitmqctl).</summary>
    public string Directory => Path.GetDirectoryName(Executable)!;

    public void RequireInstalled()
    {
        if (!File.Exists(Executable))
        {
            NotHere($"{Executable} is missing: install it (Debian: apt-get install {DebianPackage}) to run this test. .ci/run installs it.");
        }

        if (Environment.UserName != "root")
        {
            NotHere($"Starting {Path.GetFileName(Executable)} as its own user needs root (setpriv and chown); run the tests as root, as .ci/run does.");
        }
    }

    /// <summary>Inconclusive on a developer's machine; a failure where CI promised the servers (CERTKIT_REQUIRE_SERVERS=1, set by .ci/run).</summary>
    private static void NotHere(string reason)
    {
        if (Environment.GetEnvironmentVariable("CERTKIT_REQUIRE_SERVERS") == "1")
        {
            Assert.Fail(reason);
        }

        Assert.Inconclusive(reason);
    }
}
