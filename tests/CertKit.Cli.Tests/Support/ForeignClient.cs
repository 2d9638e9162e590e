namespace CertKit.Cli.Tests;

/// <summary>
/// A TLS client no one here wrote, run as its own process against <c>certkit serve</c>, trusting the fixture's CA
/// only through the variables of its <c>.env</c> file, the way a test in another language would.
/// </summary>
internal sealed class ForeignClient
{
    private readonly ExternalTool _tool;
    private readonly Func<int, string[]> _arguments;
    private readonly string? _input;

    private ForeignClient(string name, ExternalTool tool, Func<int, string[]> arguments, string? input, string untrusted = "unable to get local issuer certificate")
    {
        Name = name;
        UntrustedIssuerMessage = untrusted;
        _tool = tool;
        _arguments = arguments;
        _input = input;
    }

    public string Name { get; }

    /// <summary>What this client says of a server certificate from a CA it does not trust.</summary>
    public string UntrustedIssuerMessage { get; }

    public static ForeignClient Named(string name) => name switch
    {
        // CURL_CA_BUNDLE from .env; the echo answers an HTTP request line in an HTTP response.
        "curl" => new(name, new ExternalTool("curl", "curl"), port => ["-sS", "--max-time", "20", $"https://localhost:{port}/hello"], null),
        // No -CAfile: s_client loads OpenSSL's default verify file, which SSL_CERT_FILE from .env names.
        "openssl" => new(name, new ExternalTool("openssl", "openssl"), port =>
            ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "localhost", "-verify_hostname", "localhost", "-verify_return_error", "-quiet"], "hello\n"),
        // ssl.create_default_context() trusts OpenSSL's default verify file: SSL_CERT_FILE again.
        "python" => new(name, new ExternalTool("python3", "python3"), port => ["-c", PythonClient, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], null),
        // Node.js adds NODE_EXTRA_CA_CERTS to its bundled roots at start-up; it words an unknown issuer its own way.
        "node" => new(name, new ExternalTool("node", "nodejs"), port => ["-e", NodeClient, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], null,
            untrusted: "UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such client"),
    };

    public void RequireInstalled() => _tool.RequireInstalled();

    public Task<ProcessResult> ConnectAsync(int port, Fixture trusting) =>
        _tool.RunAsync(_arguments(port), _input, TimeSpan.FromSeconds(30), trusting.Environment());

    private const string PythonClient = """
        import socket, ssl, sys
        context = ssl.create_default_context()
        with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                tls.sendall(b"hello\n")
                print(tls.recv(100).decode().strip())
        """;

    private const string NodeClient = """
        const tls = require("tls");
        const socket = tls.connect({ host: "127.0.0.1", port: Number(process.argv[1]), servername: "localhost" }, () => socket.write("hello\n"));
        socket.setEncoding("utf8");
        socket.on("data", data => process.stdout.write(data));
        socket.on("error", error => { console.error(`${error.code}: ${error.message}`); process.exit(1); });
        """;
}
