namespace CertKit.Cli;

/// <summary>One file of a fixture: its name, its text, whether it is a key, and what it is for.</summary>
internal sealed record FixtureFile(string Name, string Content, bool Secret, string Role);

/// <summary>Makes a fixture's certificates with the library, as the text of the files that will outlive the process.</summary>
internal static class FixtureContent
{
    private const string Organization = "CertKit";

    // How far back a certificate starts, so that a peer whose clock runs a little behind still accepts it: the same
    // allowance the library gives a certificate whose NotBefore it chooses.
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

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
        if (request.ClientName is { } name)
        {
            RequireUsableClientName(name);
        }

        var now = time.GetUtcNow();
        // Every date is set, none left to the library: one start and one length for every certificate, so each gets exactly
        // --days and none is cut to fit its issuer. Whole seconds, as X.509 stores them, so the lengths stay exact.
        // An expired leaf under valid authorities is the case worth testing: they start early enough to hold it (under an
        // authority an explicit NotBefore earlier than the authority's own is refused).
        var authorityStart = WholeSeconds(request.Expired ? now.AddDays(-3) : now - ClockSkewAllowance);
        var authorityEnd = authorityStart + (request.Expired ? request.Lifetime + TimeSpan.FromDays(3) : request.Lifetime);
        CertificateOptions Authority(string commonName) => new()
        {
            KeyAlgorithm = request.KeyAlgorithm,
            TimeProvider = time,
            CommonName = commonName,
            Organization = Organization,
            NotBefore = authorityStart,
            NotAfter = authorityEnd,
        };

        using var root = TestCertificateAuthority.Create(Authority("CertKit Fixture Root"));
        var issuer = root;
        for (var depth = 1; depth <= request.ChainDepth; depth++)
        {
            issuer = issuer.CreateIntermediate(Authority($"CertKit Fixture Intermediate {depth}"));
        }

        var leafStart = request.Expired ? WholeSeconds(now.AddDays(-2)) : authorityStart;
        var leafEnd = request.Expired ? leafStart + TimeSpan.FromDays(1) : authorityStart + request.Lifetime;
        CertificateOptions Leaf(CertificatePurpose purpose, IEnumerable<string> names)
        {
            var options = new CertificateOptions
            {
                Purpose = purpose,
                KeyAlgorithm = request.KeyAlgorithm,
                TimeProvider = time,
                Organization = Organization,
                NotBefore = leafStart,
                NotAfter = leafEnd,
            };
            foreach (var name in names)
            {
                options.SubjectAlternativeNames.Add(name);
            }

            return options;
        }

        // Every PEM text of the library ends with a newline, so the files can be concatenated (cat ca.pem server.pem).
        var server = issuer.Issue(Leaf(CertificatePurpose.Server, request.ServerNames));
        var files = new List<FixtureFile>
        {
            new(FixtureWriter.CaFile, root.Certificate.CertificatePem, false, "the CA certificate to trust (root)"),
            new(FixtureWriter.ServerCertificateFile, server.ChainPem, false, "server certificate, then its intermediates: what a server presents"),
            new(FixtureWriter.ServerKeyFile, server.PrivateKeyPem, true, "server private key (PKCS#8 PEM, owner-only)"),
        };
        if (request.ClientName is { } clientName)
        {
            var options = Leaf(CertificatePurpose.Client, [clientName]);
            options.CommonName = clientName;
            var client = issuer.Issue(options);
            files.Add(new(FixtureWriter.ClientCertificateFile, client.ChainPem, false, "client certificate, then its intermediates, for mutual TLS"));
            files.Add(new(FixtureWriter.ClientKeyFile, client.PrivateKeyPem, true, "client private key (PKCS#8 PEM, owner-only)"));
        }

        files.Add(new(FixtureWriter.EnvironmentFile, environment(request.ClientName is not null), false,
            "SSL_CERT_FILE, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, CURL_CA_BUNDLE and the paths above"));
        return files;
    }

    /// <summary>Refuses a client name no certificate should carry, before any key is made.</summary>
    private static void RequireUsableClientName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('"', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new CliException($"--client '{name}' is not a usable name: give a plain name such as alice, an email address or a URI, without quotes or backslashes.", ExitCodes.BadArguments);
        }
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
