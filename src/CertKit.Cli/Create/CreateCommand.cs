using System.CommandLine;

namespace CertKit.Cli;

/// <summary><c>certkit create</c>: a fixture directory for tests that are not .NET, or run in a container.</summary>
internal static class CreateCommand
{
    public const int MaxDays = 3650;
    public const int MaxChainDepth = 4;

    public static Command Build(TextWriter output, TextWriter error)
    {
        var dir = new Option<DirectoryInfo>("--dir")
        {
            Description = "Directory to write the fixture into; created if missing. Existing fixture files are not replaced unless --force is given.",
            Required = true,
        };
        var names = new Option<string[]>("--name")
        {
            Description = "DNS name or IP address of the server certificate; repeat for more. Default: localhost, 127.0.0.1 and ::1.",
        };
        var key = new Option<string>("--key")
        {
            Description = "Key algorithm of every certificate in the fixture.",
            DefaultValueFactory = _ => KeyNames.Default,
        };
        key.AcceptOnlyFromAmong(KeyNames.All);
        var days = new Option<int>("--days")
        {
            Description = $"Days the certificates are valid, from 5 minutes ago (1 to {MaxDays}).",
            DefaultValueFactory = _ => 7,
        };
        days.MustBeWithin(1, MaxDays);
        var client = new Option<string?>("--client")
        {
            Description = "Also write client.pem and client.key: a client certificate (for mutual TLS) with this name as its common name and subject alternative name.",
        };
        var chainDepth = new Option<int>("--chain-depth")
        {
            Description = $"Intermediate authorities between the root (ca.pem) and the leaves (0 to {MaxChainDepth}).",
            DefaultValueFactory = _ => 0,
        };
        chainDepth.MustBeWithin(0, MaxChainDepth);
        var expired = new Option<bool>("--expired")
        {
            Description = "Make the server and client certificates expired (valid from 2 days ago to 1 day ago), for tests that a client refuses them.",
        };
        var envDir = new Option<string?>("--env-dir")
        {
            Description = "Directory the paths in .env point to; use it when the fixture is mounted elsewhere, such as /certs in a container. Default: --dir, absolute.",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace fixture files that already exist in --dir.",
        };

        var command = new Command("create", "Write a CA, a server certificate chain and key, an optional client certificate and key, and a .env file into a directory.")
        {
            dir, names, key, days, client, chainDepth, expired, envDir, force,
        };
        command.SetAction((parsed, _) => CliException.GuardAsync(error, async () =>
        {
            var fixture = new FixtureRequest(
                parsed.GetRequiredValue(dir),
                parsed.GetValue(names) ?? [],
                KeyNames.Parse(parsed.GetRequiredValue(key)),
                TimeSpan.FromDays(parsed.GetValue(days)),
                parsed.GetValue(client),
                parsed.GetValue(chainDepth),
                parsed.GetValue(expired),
                parsed.GetValue(envDir),
                parsed.GetValue(force));
            var written = FixtureWriter.Write(fixture, TimeProvider.System);
            await output.WriteLineAsync($"Wrote {written.Count} files to {fixture.Directory.FullName}:");
            foreach (var (name, role) in written)
            {
                await output.WriteLineAsync($"  {name,-11} {role}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
