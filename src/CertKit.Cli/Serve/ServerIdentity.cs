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

    public static ServerIdentity Open(DirectoryInfo? fixture, FixtureLeaf leaf, bool requireClientCertificate) =>
        fixture is null ? Fresh(requireClientCertificate) : FromFixture(fixture, leaf, requireClientCertificate);

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
            var description = new List<string> { $"Trust this CA: {server.WriteFiles().TrustAnchorPath}" };
            var options = ca.Trust.CreateServerOptions(server, Requirement(requireClientCertificate));
            if (requireClientCertificate)
            {
                var client = ca.IssueClientCertificate("certkit-serve-client").WriteFiles();
                description.Add($"Client certificate: {client.ChainPath}");
                description.Add($"Client key: {client.PrivateKeyPath}");
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

    private static ServerIdentity FromFixture(DirectoryInfo fixture, FixtureLeaf leaf, bool requireClientCertificate)
    {
        var certificatePath = Required(fixture, leaf.CertificateFile, leaf);
        var keyPath = Required(fixture, leaf.KeyFile, leaf);
        var rootPath = Required(fixture, leaf.RootFile, leaf);
        var caPath = Required(fixture, FixtureWriter.CaFile, leaf);

        var chainPem = File.ReadAllText(certificatePath);
        var keyPem = File.ReadAllText(keyPath);
        _ = FirstCertificatePem(certificatePath, fixture);
        var root = FirstCertificatePem(rootPath, fixture);

        // The library reads a certificate with its key and the chain above it, up to the root, only as an imported
        // authority: the server certificate so imported is served with its intermediates, and its Trust is the root of its
        // chain (ca.pem for all but the stranger, whose root is stranger-ca.pem and which serves no mutual TLS).
        TestCertificateAuthority imported;
        try
        {
            // The newline keeps the root apart from a server.pem made elsewhere that lacks its last one.
            imported = TestCertificateAuthority.ImportPem(chainPem + "\n" + root, keyPem);
        }
        catch (ArgumentException e)
        {
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw new CliException($"cannot serve {certificatePath} with {keyPath}: {message}");
        }

        try
        {
            var server = imported.Certificate;
            // The trust's chain policy carries the server's intermediates, so a client that sends only its leaf still chains.
            var options = imported.Trust.CreateServerOptions(server, Requirement(requireClientCertificate));
            List<string> description = leaf.RefusedAs is null
                ? [$"Certificate: {certificatePath}", $"Clients trust: {caPath}"]
                : [$"Certificate: {certificatePath}", $"Clients trusting {caPath} must refuse it {leaf.RefusedAs} (OpenSSL: {leaf.OpenSslSays})."];
            return new ServerIdentity(options, requireClientCertificate, description, [imported]);
        }
        catch
        {
            imported.Dispose();
            throw;
        }
    }

    private static ClientCertificateRequirement Requirement(bool required) =>
        required ? ClientCertificateRequirement.Required : ClientCertificateRequirement.None;

    /// <summary>The first certificate of a fixture file, as PEM ending with a newline; a file without one is refused.</summary>
    private static string FirstCertificatePem(string path, DirectoryInfo fixture)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        try
        {
            return certificates.Count > 0
                ? certificates[0].ExportCertificatePem() + "\n"
                : throw new CliException($"{path} holds no certificate; make the fixture again with 'certkit create --dir {fixture.FullName} --force'.");
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private static string Required(DirectoryInfo fixture, string name, FixtureLeaf leaf)
    {
        var path = Path.Combine(fixture.FullName, name);
        var create = leaf.RefusedAs is null
            ? $"make a fixture with 'certkit create --dir {fixture.FullName}'"
            : $"make the fixture again with 'certkit create --dir {fixture.FullName} {CreateCommand.NegativeCasesOption} --force'";
        return File.Exists(path) ? path : throw new CliException($"{fixture.FullName} has no {name}; {create}.", ExitCodes.BadArguments);
    }
}
