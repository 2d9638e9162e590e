using System.CommandLine;

namespace CertKit.Cli;

/// <summary><c>certkit serve</c>: the seed's upper-casing TLS echo on loopback, for checking a client or a fixture by hand.</summary>
internal static class ServeCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var dir = new Option<DirectoryInfo>("--dir")
        {
            Description = "A fixture directory from 'certkit create' (server.pem, server.key, ca.pem). Default: a fresh CA and server certificate in temporary files, deleted on exit.",
        };
        dir.AcceptExistingOnly();
        var port = new Option<int>("--port")
        {
            Description = "TCP port on 127.0.0.1; 0 lets the system pick a free one.",
            DefaultValueFactory = _ => 0,
        };
        port.MustBeWithin(0, 65535);
        var requireClient = new Option<bool>("--require-client-certificate")
        {
            Description = "Mutual TLS: refuse clients without a certificate issued by the fixture's CA.",
        };
        var certificate = new Option<string>("--certificate")
        {
            Description = "Which certificate of the --dir fixture the server presents: server (server.pem), or a negative case of "
                + $"'certkit create {CreateCommand.NegativeCasesOption}' that a client trusting ca.pem must refuse: "
                + "expired, not-yet-valid, wrong-host or stranger (expired.pem and so on).",
            DefaultValueFactory = _ => FixtureLeaf.Server.Name,
        };
        certificate.MustBeOneOf([.. FixtureLeaf.All.Select(leaf => leaf.Name)]);

        var command = new Command("serve", "Serve the upper-casing echo over TLS on 127.0.0.1 until Ctrl+C: each connection's first line comes back upper-cased (an HTTP request gets it as the body of a 200 response, so curl works too).")
        {
            dir, port, requireClient, certificate,
        };
        command.Validators.Add(result =>
        {
            // The token, not the value: asking for the value of an option that failed its own check throws.
            // An unknown name has its own error already.
            if (result.GetResult(certificate) is not { Tokens: [var token] } || token.Value == FixtureLeaf.Server.Name
                || !FixtureLeaf.All.Any(leaf => leaf.Name == token.Value))
            {
                return;
            }

            var chosen = token.Value;
            if (result.GetResult(dir) is null)
            {
                result.AddError($"--certificate {chosen} needs --dir: a fixture made with 'certkit create {CreateCommand.NegativeCasesOption}'.");
            }
            else if (chosen == FixtureLeaf.Stranger.Name && result.GetValue(requireClient))
            {
                // The stranger's chain ends at stranger-ca.pem, which the server would then trust for clients too.
                result.AddError("--certificate stranger cannot be combined with --require-client-certificate: serve the stranger without mutual TLS.");
            }
        });
        command.SetAction((parsed, cancellation) => CliException.GuardAsync(error, async () =>
        {
            var leaf = FixtureLeaf.All.Single(leaf => leaf.Name == parsed.GetRequiredValue(certificate));
            using var identity = ServerIdentity.Open(parsed.GetValue(dir), leaf, parsed.GetValue(requireClient));
            await using var server = EchoServer.Start(identity.ServerOptions, parsed.GetValue(port), error);
            foreach (var line in identity.Describe())
            {
                await output.WriteLineAsync(line);
            }

            // The address comes last: a script that waits for it has the file paths above already.
            await output.WriteLineAsync($"Serving the upper-casing echo on https://127.0.0.1:{server.Port}/ ({(identity.RequiresClientCertificate ? "mutual TLS" : "TLS")}); Ctrl+C stops.");
            await output.FlushAsync(cancellation);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellation);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync($"Stopped after {server.Answered} answered connections.");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
