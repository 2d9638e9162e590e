using System.Security.Cryptography;

namespace CertKit.Cli;

/// <summary>One file of a fixture: its name, its text, whether it is a key, and what it is for.</summary>
internal sealed record FixtureFile(string Name, string Content, bool Secret, string Role);

/// <summary>Makes a fixture's certificates with the library, as the text of the files that will outlive the process.</summary>
internal static class FixtureContent
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    public static IReadOnlyList<FixtureFile> Make(FixtureRequest request, TimeProvider time)
    {
        var environment = FixtureEnvironment.Content(request);
        try
        {
            return Issue(request, time, environment);
        }
        catch (ArgumentException e)
        {
            // The library names the bad value (a --name that is no DNS name or address, say): the user's argument.
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw new CliException(message, ExitCodes.BadArguments);
        }
    }

    private static List<FixtureFile> Issue(FixtureRequest request, TimeProvider time, Func<bool, string> environment)
    {
        var now = time.GetUtcNow();
        // One start and one length for every certificate, so each gets exactly --days and none is cut to fit its issuer.
        // An expired leaf under valid authorities is the case worth testing: they start early enough to hold it.
        var authorityStart = request.Expired ? now.AddDays(-3) : now - new TemporaryCertificateOptions().ClockSkewAllowance;
        var authorityLifetime = request.Expired ? request.Lifetime + TimeSpan.FromDays(3) : request.Lifetime;
        CertificateAuthorityOptions Authority(string subject) => new()
        {
            KeyAlgorithm = request.KeyAlgorithm,
            TimeProvider = time,
            Subject = subject,
            NotBefore = authorityStart,
            Lifetime = authorityLifetime,
        };

        using var root = TestCertificateAuthority.Create(Authority("CN=CertKit Fixture Root, O=CertKit"));
        var issuer = root;
        for (var depth = 1; depth <= request.ChainDepth; depth++)
        {
            issuer = issuer.CreateIntermediate(Authority($"CN=CertKit Fixture Intermediate {depth}, O=CertKit"));
        }

        var leafStart = request.Expired ? now.AddDays(-2) : authorityStart;
        var leafEnd = request.Expired ? now.AddDays(-1) : authorityStart + request.Lifetime;
        TemporaryCertificateOptions Leaf(IEnumerable<string> names)
        {
            var options = new TemporaryCertificateOptions { KeyAlgorithm = request.KeyAlgorithm, TimeProvider = time, NotBefore = leafStart, NotAfter = leafEnd };
            foreach (var name in names)
            {
                options.SubjectAlternativeNames.Add(name);
            }

            return options;
        }

        var server = issuer.Issue(Leaf(request.ServerNames));
        var files = new List<FixtureFile>
        {
            new(FixtureWriter.CaFile, root.Certificate.CertificatePem, false, "the CA certificate to trust (root)"),
            new(FixtureWriter.ServerCertificateFile, File.ReadAllText(server.ChainPemPath), false, "server certificate, then its intermediates: what a server presents"),
            new(FixtureWriter.ServerKeyFile, server.PrivateKeyPem, true, "server private key (PKCS#8 PEM, owner-only)"),
        };
        if (request.ClientName is { } clientName)
        {
            var options = Leaf([clientName]);
            options.Subject = $"CN={QuotedIfNeeded(clientName)}, O=CertKit";
            options.ExtendedKeyUsages.Add(ClientAuthentication);
            var client = issuer.Issue(options);
            files.Add(new(FixtureWriter.ClientCertificateFile, File.ReadAllText(client.ChainPemPath), false, "client certificate, then its intermediates, for mutual TLS"));
            files.Add(new(FixtureWriter.ClientKeyFile, client.PrivateKeyPem, true, "client private key (PKCS#8 PEM, owner-only)"));
        }

        files.Add(new(FixtureWriter.EnvironmentFile, environment(request.ClientName is not null), false,
            "SSL_CERT_FILE, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, CURL_CA_BUNDLE and the paths above"));
        return files;
    }

    /// <summary>A common name as an RFC 4514 value: quoted when it holds a character the name syntax gives a meaning to.</summary>
    private static string QuotedIfNeeded(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('"', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new CliException($"--client '{name}' is not a usable name: give a plain name such as alice, an email address or a URI, without quotes or backslashes.", ExitCodes.BadArguments);
        }

        return name.IndexOfAny([',', '=', '+', '<', '>', '#', ';']) >= 0 || name != name.Trim() ? $"\"{name}\"" : name;
    }
}
