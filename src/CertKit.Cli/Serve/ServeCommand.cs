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

        var command = new Command("serve", "Serve the upper-casing echo over TLS on 127.0.0.1 until Ctrl+C: each connection's first line comes back upper-cased (an HTTP request gets it as the body of a 200 response, so curl works too).")
        {
            dir, port, requireClient,
        };
        command.SetAction((parsed, cancellation) => CliException.GuardAsync(error, async () =>
        {
            using var identity = ServerIdentity.Open(parsed.GetValue(dir), parsed.GetValue(requireClient));
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
