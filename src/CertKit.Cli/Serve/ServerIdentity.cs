using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CertKit.Cli;

/// <summary>The certificate the echo presents and the CA it trusts for clients: from a fixture directory, or made for this run.</summary>
internal sealed class ServerIdentity : IDisposable
{
    private readonly List<IDisposable> _owned;
    private readonly IReadOnlyList<string> _description;

    private ServerIdentity(SslServerAuthenticationOptions options, bool requiresClientCertificate, IReadOnlyList<string> description, List<IDisposable> owned)
    {
        ServerOptions = options;
        RequiresClientCertificate = requiresClientCertificate;
        _description = description;
        _owned = owned;
    }

    public SslServerAuthenticationOptions ServerOptions { get; }

    public bool RequiresClientCertificate { get; }

    public static ServerIdentity Open(DirectoryInfo? fixture, bool requireClientCertificate) =>
        fixture is null ? Fresh(requireClientCertificate) : FromFixture(fixture, requireClientCertificate);

    public IEnumerable<string> Describe() => _description;

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
    }

    private static ServerIdentity Fresh(bool requireClientCertificate)
    {
        var ca = TestCertificateAuthority.Create();
        try
        {
            var server = ca.IssueServerCertificate();
            var description = new List<string> { $"Trust this CA: {server.TrustAnchorPemPath}" };
            var options = requireClientCertificate ? ca.CreateServerOptions(server) : server.CreateServerOptions();
            if (requireClientCertificate)
            {
                var client = ca.IssueClientCertificate("certkit-serve-client");
                description.Add($"Client certificate: {client.ChainPemPath}");
                description.Add($"Client key: {client.PrivateKeyPemPath}");
            }

            description.Add("These files are deleted when the server stops.");
            return new ServerIdentity(options, requireClientCertificate, description, [ca]);
        }
        catch
        {
            ca.Dispose();
            throw;
        }
    }

    private static ServerIdentity FromFixture(DirectoryInfo fixture, bool requireClientCertificate)
    {
        var certificatePath = Required(fixture, FixtureWriter.ServerCertificateFile);
        var keyPath = Required(fixture, FixtureWriter.ServerKeyFile);
        var caPath = Required(fixture, FixtureWriter.CaFile);

        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificatePath);
        var trusted = new X509Certificate2Collection();
        trusted.ImportFromPemFile(caPath);
        if (chain.Count == 0 || trusted.Count == 0)
        {
            throw new CliException($"{(chain.Count == 0 ? certificatePath : caPath)} holds no certificate; make the fixture again with 'certkit create --dir {fixture.FullName} --force'.");
        }

        using var fromPem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        // Linux serves an ephemeral key; a PKCS#12 round trip keeps the key usable on every platform.
        var leaf = X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
        var intermediates = new X509Certificate2Collection(chain.Skip(1).ToArray());

        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(leaf, intermediates, offline: true),
        };
        if (requireClientCertificate)
        {
            options.ClientCertificateRequired = true;
            options.CertificateRevocationCheckMode = X509RevocationMode.NoCheck;
            // The fixture's CA and nothing else, and no callback: SslStream's own checks decide.
            options.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                CustomTrustStore = { trusted[0] },
            };
            // Clients of the fixture share the server's intermediates; a client that sends only its leaf still chains.
            options.CertificateChainPolicy.ExtraStore.AddRange(intermediates);
        }

        var owned = new List<IDisposable> { leaf };
        owned.AddRange(chain);
        owned.AddRange(trusted);
        return new ServerIdentity(options, requireClientCertificate, [$"Certificate: {certificatePath}", $"Clients trust: {caPath}"], owned);
    }

    private static string Required(DirectoryInfo fixture, string name)
    {
        var path = Path.Combine(fixture.FullName, name);
        return File.Exists(path)
            ? path
            : throw new CliException($"{fixture.FullName} has no {name}; make a fixture with 'certkit create --dir {fixture.FullName}'.", ExitCodes.BadArguments);
    }
}
