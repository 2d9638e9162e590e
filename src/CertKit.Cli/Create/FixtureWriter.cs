using System.Security.Cryptography;
using System.Text;

namespace CertKit.Cli;

/// <summary>Makes the fixture's certificates with the library and writes them as plain files that outlive the process.</summary>
internal static class FixtureWriter
{
    public const string CaFile = "ca.pem";
    public const string ServerCertificateFile = "server.pem";
    public const string ServerKeyFile = "server.key";
    public const string ClientCertificateFile = "client.pem";
    public const string ClientKeyFile = "client.key";
    public const string EnvironmentFile = ".env";

    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    public static IReadOnlyList<(string Name, string Role)> Write(FixtureRequest request, TimeProvider time)
    {
        var names = FileNames(request);
        var directory = request.Directory;
        if (!request.Force)
        {
            var existing = names.FirstOrDefault(name => File.Exists(Path.Combine(directory.FullName, name)));
            if (existing is not null)
            {
                throw new CliException($"{Path.Combine(directory.FullName, existing)} already exists; pass --force to replace the fixture.", ExitCodes.BadArguments);
            }
        }

        // Make everything before writing anything, so a bad --name leaves no half-written fixture behind.
        var now = time.GetUtcNow();
        // One start for every certificate, so a leaf gets exactly --days (it is never cut to an authority made a moment earlier).
        var notBefore = now - new TemporaryCertificateOptions().ClockSkewAllowance;
        var authorityOptions = new CertificateAuthorityOptions
        {
            KeyAlgorithm = request.KeyAlgorithm,
            TimeProvider = time,
            Subject = "CN=CertKit Fixture Root, O=CertKit",
            // An expired leaf under a valid authority is the case worth testing; the authority starts early enough to hold it.
            NotBefore = request.Expired ? now.AddDays(-3) : notBefore,
            Lifetime = request.Expired ? request.Lifetime + TimeSpan.FromDays(3) : request.Lifetime,
        };
        using var root = TestCertificateAuthority.Create(authorityOptions);
        var issuer = root;
        for (var depth = 1; depth <= request.ChainDepth; depth++)
        {
            issuer = issuer.CreateIntermediate(new CertificateAuthorityOptions
            {
                KeyAlgorithm = request.KeyAlgorithm,
                TimeProvider = time,
                Subject = $"CN=CertKit Fixture Intermediate {depth}, O=CertKit",
                NotBefore = authorityOptions.NotBefore,
            });
        }

        var server = issuer.Issue(LeafOptions(request, now, notBefore, request.ServerNames));
        var client = request.ClientName is null ? null : issuer.Issue(ClientOptions(request, now, notBefore, request.ClientName));

        var files = new List<(string Name, string Content, bool Secret, string Role)>
        {
            (CaFile, root.Certificate.CertificatePem, false, "the CA certificate to trust (root)"),
            (ServerCertificateFile, File.ReadAllText(server.ChainPemPath), false, "server certificate, then its intermediates: what a server presents"),
            (ServerKeyFile, server.PrivateKeyPem, true, "server private key (PKCS#8 PEM, owner-only)"),
        };
        if (client is not null)
        {
            files.Add((ClientCertificateFile, File.ReadAllText(client.ChainPemPath), false, "client certificate, then its intermediates, for mutual TLS"));
            files.Add((ClientKeyFile, client.PrivateKeyPem, true, "client private key (PKCS#8 PEM, owner-only)"));
        }

        files.Add((EnvironmentFile, EnvironmentFileContent(request, client is not null), false, "SSL_CERT_FILE, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, CURL_CA_BUNDLE and the paths above"));

        directory.Create();
        foreach (var (name, content, secret, _) in files)
        {
            WriteFile(Path.Combine(directory.FullName, name), content, secret);
        }

        return [.. files.Select(file => (file.Name, file.Role))];
    }

    private static string[] FileNames(FixtureRequest request) => request.ClientName is null
        ? [CaFile, ServerCertificateFile, ServerKeyFile, EnvironmentFile]
        : [CaFile, ServerCertificateFile, ServerKeyFile, ClientCertificateFile, ClientKeyFile, EnvironmentFile];

    private static TemporaryCertificateOptions LeafOptions(FixtureRequest request, DateTimeOffset now, DateTimeOffset notBefore, IEnumerable<string> names)
    {
        var options = new TemporaryCertificateOptions { KeyAlgorithm = request.KeyAlgorithm, NotBefore = notBefore, Lifetime = request.Lifetime };
        foreach (var name in names)
        {
            options.SubjectAlternativeNames.Add(name);
        }

        if (request.Expired)
        {
            options.NotBefore = now.AddDays(-2);
            options.NotAfter = now.AddDays(-1);
        }

        return options;
    }

    private static TemporaryCertificateOptions ClientOptions(FixtureRequest request, DateTimeOffset now, DateTimeOffset notBefore, string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains(',', StringComparison.Ordinal) || name.Contains('=', StringComparison.Ordinal))
        {
            throw new CliException($"--client '{name}' is not a usable name: give a plain name such as alice, an email address or a URI.", ExitCodes.BadArguments);
        }

        var options = LeafOptions(request, now, notBefore, [name]);
        options.Subject = $"CN={name}, O=CertKit";
        options.ExtendedKeyUsages.Add(ClientAuthentication);
        return options;
    }

    private static string EnvironmentFileContent(FixtureRequest request, bool hasClient)
    {
        var root = request.EnvironmentDirectory ?? request.Directory.FullName;
        string PathOf(string file) => root.EndsWith('/') ? root + file : root + "/" + file;
        var caFile = PathOf(CaFile);
        if (caFile.Contains('\n', StringComparison.Ordinal))
        {
            throw new CliException($"--env-dir '{root}' contains a line break, which a .env file cannot hold.", ExitCodes.BadArguments);
        }

        var lines = new List<string>
        {
            "# Written by 'certkit create'. Load it with 'set -a; . ./.env; set +a', docker --env-file, or dotenv.",
            "# OpenSSL-based clients (Python ssl, Ruby, PHP, Go on Linux), requests, Node.js and curl then trust the fixture's CA.",
            "SSL_CERT_FILE=" + caFile,
            "REQUESTS_CA_BUNDLE=" + caFile,
            "NODE_EXTRA_CA_CERTS=" + caFile,
            "CURL_CA_BUNDLE=" + caFile,
            "CERTKIT_CA_FILE=" + caFile,
            "CERTKIT_SERVER_CERT_FILE=" + PathOf(ServerCertificateFile),
            "CERTKIT_SERVER_KEY_FILE=" + PathOf(ServerKeyFile),
        };
        if (hasClient)
        {
            lines.Add("CERTKIT_CLIENT_CERT_FILE=" + PathOf(ClientCertificateFile));
            lines.Add("CERTKIT_CLIENT_KEY_FILE=" + PathOf(ClientKeyFile));
        }

        return string.Join('\n', lines) + "\n";
    }

    private static void WriteFile(string path, string content, bool secret)
    {
        // Replaced, not truncated: a new file gets its owner-only mode at creation, with no moment of wider access.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        using var stream = new FileStream(path, options);
        stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content.ReplaceLineEndings("\n")));
    }
}
