using System.CommandLine;

namespace CertKit.Cli;

/// <summary><c>certkit inspect FILE</c>: what a certificate file holds, in the words a TLS error message uses.</summary>
internal static class InspectCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE")
        {
            Description = "A certificate file: PEM (one or more certificates, such as a chain), DER, or PKCS#12/PFX.",
        };
        file.AcceptExistingOnly();
        file.Validators.Add(result =>
        {
            // The parser lets a directory through, and reading it would fail as "Access to the path ... is denied".
            // The token, not the value: asking for the value of an argument that failed another check throws.
            if (result.Tokens is [var token] && Directory.Exists(token.Value))
            {
                var path = Path.GetFullPath(token.Value);
                result.AddError($"{path} is a directory; give a certificate file in it, such as {Path.Combine(path, FixtureWriter.ServerCertificateFile)}.");
            }
        });
        var password = new Option<string?>("--password")
        {
            Description = "Password of a PKCS#12/PFX file. Default: none.",
        };

        var command = new Command("inspect", "Print each certificate's subject, issuer, names, validity, key, usages and fingerprints.")
        {
            file, password,
        };
        command.SetAction((parsed, _) => CliException.GuardAsync(error, async () =>
        {
            var path = parsed.GetRequiredValue(file);
            var certificates = CertificateFile.Load(path.FullName, parsed.GetValue(password));
            try
            {
                var now = TimeProvider.System.GetUtcNow();
                for (var i = 0; i < certificates.Count; i++)
                {
                    await output.WriteLineAsync($"Certificate {i + 1} of {certificates.Count} in {path.Name}");
                    foreach (var (label, value) in CertificateDescription.Describe(certificates[i], now))
                    {
                        await output.WriteLineAsync($"  {label + ":",-20} {value}");
                    }
                }
            }
            finally
            {
                foreach (var certificate in certificates)
                {
                    certificate.Dispose();
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
