using System.CommandLine;

namespace CertKit.Cli;

/// <summary><c>certkit create</c>: a fixture directory for tests that are not .NET, or run in a container.</summary>
internal static class CreateCommand
{
    public const int MaxDays = 3650;
    public const int MaxChainDepth = 4;

    public const string NegativeCasesOption = "--negative-cases";

    public static Command Build(TextWriter output, TextWriter error, bool errorIsTerminal)
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
        key.MustBeOneOf(KeyNames.All);
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
            Description = $"Make server.pem and client.pem themselves expired (valid from 2 days ago to 1 day ago), under a valid CA. To keep a valid server.pem beside an expired one, use {NegativeCasesOption}.",
        };
        var negativeCases = new Option<bool>(NegativeCasesOption)
        {
            Description = "Also write, under the same CA, the server certificates a client must refuse, each for one reason: "
                + "expired.pem (expired a day ago), not-yet-valid.pem (valid only once the others expire), "
                + $"wrong-host.pem (names only {FixtureLeaf.WrongHostName}), and stranger.pem from stranger-ca.pem (an unknown issuer); "
                + "each with its .key, and CERTKIT_EXPIRED_CERT_FILE and the like in .env. The CA then starts 3 days ago and ends a day after the server certificate.",
        };
        var envDir = new Option<string?>("--env-dir")
        {
            Description = "Directory the paths in .env point to; use it when the fixture is mounted elsewhere, such as /certs in a container. Default: --dir, absolute.",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace fixture files that already exist in --dir.",
        };

        var command = new Command("create", "Write a CA, a server certificate chain and key, an optional client certificate and key, optional negative cases, and a .env file into a directory. On a terminal, progress goes to standard error.")
        {
            dir, names, key, days, client, chainDepth, expired, negativeCases, envDir, force,
        };
        command.SetAction((parsed, _) => CliException.GuardAsync(error, async () =>
        {
            RefuseContradictions(parsed.GetValue(expired), parsed.GetValue(negativeCases), parsed.GetValue(names) ?? []);
            var fixture = new FixtureRequest(
                parsed.GetRequiredValue(dir),
                parsed.GetValue(names) ?? [],
                parsed.GetRequiredValue(key),
                TimeSpan.FromDays(parsed.GetValue(days)),
                parsed.GetValue(client),
                parsed.GetValue(chainDepth),
                parsed.GetValue(expired),
                parsed.GetValue(negativeCases),
                parsed.GetValue(envDir),
                parsed.GetValue(force));
            IReadOnlyList<(string Name, string Role)> written;
            using (var progress = TerminalProgress.For(error, errorIsTerminal))
            {
                written = FixtureWriter.Write(fixture, TimeProvider.System, progress);
            }

            await output.WriteLineAsync($"Wrote {written.Count} files to {fixture.Directory.FullName}:");
            var width = written.Max(file => file.Name.Length);
            foreach (var (name, role) in written)
            {
                await output.WriteLineAsync($"  {name.PadRight(width)}  {role}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    // Each negative file is described by how it differs from a valid server.pem: with an expired server.pem, or with the
    // wrong host among the server's own names, the descriptions (and the cases) would be false.
    private static void RefuseContradictions(bool expired, bool negativeCases, string[] names)
    {
        if (!negativeCases)
        {
            return;
        }

        if (expired)
        {
            throw new CliException($"--expired and {NegativeCasesOption} do not go together: {NegativeCasesOption} already writes expired.pem beside a valid server.pem.", ExitCodes.BadArguments);
        }

        if (names.Any(name => string.Equals(name, FixtureLeaf.WrongHostName, StringComparison.OrdinalIgnoreCase)))
        {
            throw new CliException($"--name {FixtureLeaf.WrongHostName} makes wrong-host.pem right: {NegativeCasesOption} keeps that name for the wrong host.", ExitCodes.BadArguments);
        }
    }
}
