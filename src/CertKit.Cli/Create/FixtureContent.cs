using System.Security.Cryptography;

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

    // The expired leaf was valid from 2 days ago to 1 day ago; authorities that hold it start a day before it.
    private static readonly TimeSpan ExpiredStartsAgo = TimeSpan.FromDays(2);
    private static readonly TimeSpan ExpiredLifetime = TimeSpan.FromDays(1);
    private static readonly TimeSpan AuthorityStartsAgo = TimeSpan.FromDays(3);

    // The not-yet-valid leaf starts when the fixture's valid certificates end, so it is refused for as long as they
    // are accepted, and lasts a day.
    private static readonly TimeSpan NotYetValidLifetime = TimeSpan.FromDays(1);

    public static IReadOnlyList<FixtureFile> Make(FixtureRequest request, TimeProvider time, TerminalProgress progress)
    {
        // Everything the user typed is checked before the first key, which for RSA 4096 takes seconds.
        var environment = FixtureEnvironment.Content(request);
        if (request.ClientName is { } name)
        {
            RequireUsableClientName(name);
        }

        try
        {
            RequireUsableServerNames(request.ServerNames);
            var keys = MakeKeys(request, progress);
            try
            {
                progress.Report("certkit: signing the certificates");
                return Issue(request, time, environment, new Queue<AsymmetricAlgorithm>(keys));
            }
            finally
            {
                foreach (var key in keys)
                {
                    key.Dispose();
                }
            }
        }
        catch (ArgumentException e)
        {
            // The library names the bad value (a --name that is no DNS name or address, say): the user's argument.
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw new CliException(message, ExitCodes.BadArguments);
        }
    }

    /// <summary>How many key pairs a request needs: one per certificate.</summary>
    private static int KeyCount(FixtureRequest request) =>
        1 + request.ChainDepth + 1 + (request.ClientName is null ? 0 : 1) + (request.NegativeCases ? FixtureLeaf.Negative.Count + 1 : 0);

    /// <summary>
    /// Makes every key of the fixture at once, on every core: key generation is nearly all of the time an RSA fixture
    /// takes, and the keys do not depend on each other.
    /// </summary>
    private static AsymmetricAlgorithm[] MakeKeys(FixtureRequest request, TerminalProgress progress)
    {
        var keys = new AsymmetricAlgorithm[KeyCount(request)];
        var made = 0;
        var counting = new Lock();
        void Report()
        {
            lock (counting)
            {
                progress.Report($"certkit: making {request.KeyName} keys: {made} of {keys.Length} done");
            }
        }

        Report();
        try
        {
            Parallel.For(0, keys.Length, i =>
            {
                keys[i] = KeyNames.Create(request.KeyName);
                Interlocked.Increment(ref made);
                Report();
            });
        }
        catch
        {
            foreach (var key in keys)
            {
                key?.Dispose();
            }

            throw;
        }

        return keys;
    }

    private static List<FixtureFile> Issue(FixtureRequest request, TimeProvider time, string environment, Queue<AsymmetricAlgorithm> keys)
    {
        var now = time.GetUtcNow();
        // Every date is set, none left to the library: one start and one length for the valid certificates, so each gets
        // exactly --days and none is cut to fit its issuer. Whole seconds, as X.509 stores them, so the lengths stay exact.
        var start = WholeSeconds(now - ClockSkewAllowance);
        var end = start + request.Lifetime;
        // An expired leaf under valid authorities is the case worth testing: they start early enough to hold it (under an
        // authority an explicit NotBefore earlier than the authority's own is refused), and late enough for a
        // not-yet-valid one.
        var expiredStart = WholeSeconds(now - ExpiredStartsAgo);
        var expiredEnd = expiredStart + ExpiredLifetime;
        var authorityStart = request.Expired || request.NegativeCases ? WholeSeconds(now - AuthorityStartsAgo) : start;
        var authorityEnd = request.NegativeCases ? end + NotYetValidLifetime : end;

        // Names unique to this run, as the library gives its own authorities: two fixtures' roots never share a subject,
        // so a client trusting one fixture's root, shown another's chain, finds no candidate issuer (an unknown issuer)
        // instead of a root with the right name and the wrong key (a signature failure).
        var run = Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        CertificateOptions Authority(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter) => new()
        {
            Key = keys.Dequeue(),
            TimeProvider = time,
            CommonName = commonName,
            Organization = Organization,
            NotBefore = notBefore,
            NotAfter = notAfter,
        };
        CertificateOptions Leaf(CertificatePurpose purpose, IEnumerable<string> names, DateTimeOffset notBefore, DateTimeOffset notAfter)
        {
            var options = new CertificateOptions
            {
                Purpose = purpose,
                Key = keys.Dequeue(),
                TimeProvider = time,
                Organization = Organization,
                NotBefore = notBefore,
                NotAfter = notAfter,
            };
            foreach (var name in names)
            {
                options.SubjectAlternativeNames.Add(name);
            }

            return options;
        }

        using var root = TestCertificateAuthority.Create(Authority($"CertKit Fixture Root CA {run}", authorityStart, authorityEnd));
        var issuer = root;
        for (var depth = 1; depth <= request.ChainDepth; depth++)
        {
            issuer = issuer.CreateIntermediate(Authority($"CertKit Fixture Intermediate CA {depth} {run}", authorityStart, authorityEnd));
        }

        var (leafStart, leafEnd) = request.Expired ? (expiredStart, expiredEnd) : (start, end);

        // Every PEM text of the library ends with a newline, so the files can be concatenated (cat ca.pem server.pem).
        var server = issuer.Issue(Leaf(CertificatePurpose.Server, request.ServerNames, leafStart, leafEnd));
        var files = new List<FixtureFile>
        {
            new(FixtureWriter.CaFile, root.Certificate.CertificatePem, false, "the CA certificate to trust (root)"),
            new(FixtureWriter.ServerCertificateFile, server.ChainPem, false, "server certificate, then its intermediates: what a server presents"),
            new(FixtureWriter.ServerKeyFile, server.PrivateKeyPem, true, "server private key (PKCS#8 PEM, owner-only)"),
        };
        if (request.ClientName is { } clientName)
        {
            var options = Leaf(CertificatePurpose.Client, [clientName], leafStart, leafEnd);
            options.CommonName = clientName;
            var client = issuer.Issue(options);
            files.Add(new(FixtureWriter.ClientCertificateFile, client.ChainPem, false, "client certificate, then its intermediates, for mutual TLS"));
            files.Add(new(FixtureWriter.ClientKeyFile, client.PrivateKeyPem, true, "client private key (PKCS#8 PEM, owner-only)"));
        }

        if (request.NegativeCases)
        {
            // Each differs from server.pem in one way only, so a client refuses it for that one reason.
            var expired = issuer.Issue(Leaf(CertificatePurpose.Server, request.ServerNames, expiredStart, expiredEnd));
            var notYetValid = issuer.Issue(Leaf(CertificatePurpose.Server, request.ServerNames, end, end + NotYetValidLifetime));
            var wrongHost = issuer.Issue(Leaf(CertificatePurpose.Server, [FixtureLeaf.WrongHostName], start, end));
            using var strangerCa = TestCertificateAuthority.Create(Authority($"CertKit Stranger CA {run}", start, end));
            var stranger = strangerCa.Issue(Leaf(CertificatePurpose.Server, request.ServerNames, start, end));

            AddLeaf(files, FixtureLeaf.Expired, expired, "expired a day ago, else like server.pem");
            AddLeaf(files, FixtureLeaf.NotYetValid, notYetValid, "valid only from when server.pem expires, else like it");
            AddLeaf(files, FixtureLeaf.WrongHost, wrongHost, $"for {FixtureLeaf.WrongHostName} only, else like server.pem");
            files.Add(new(FixtureLeaf.StrangerCaFile, strangerCa.Certificate.CertificatePem, false, "a CA that is not ca.pem: nothing trusts it"));
            AddLeaf(files, FixtureLeaf.Stranger, stranger, $"like server.pem, but from {FixtureLeaf.StrangerCaFile}");
        }

        files.Add(new(FixtureWriter.EnvironmentFile, environment, false,
            "SSL_CERT_FILE, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, CURL_CA_BUNDLE and the paths above"));
        return files;
    }

    private static void AddLeaf(List<FixtureFile> files, FixtureLeaf leaf, TemporaryCertificate certificate, string what)
    {
        files.Add(new(leaf.CertificateFile, certificate.ChainPem, false, $"{what}: a client refuses it {leaf.RefusedAs}"));
        files.Add(new(leaf.KeyFile, certificate.PrivateKeyPem, true, $"private key of {leaf.CertificateFile} (owner-only)"));
    }

    /// <summary>
    /// Refuses a --name the library would refuse, before any slow key is made: a self-signed P-256 certificate for the
    /// names costs a millisecond and applies exactly the library's rules.
    /// </summary>
    private static void RequireUsableServerNames(IReadOnlyList<string> names)
    {
        if (names.Count > 0)
        {
            using var probe = TemporaryCertificate.Create([.. names]);
        }
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
