using System.Globalization;

namespace CertKit.Cli.Tests;

/// <summary>
/// A TLS client no one here wrote, run as its own process against <c>certkit serve</c>, the way a test in another
/// language would. It gets one variable of the fixture's <c>.env</c> file, the one it reads, so each run proves that
/// variable works on its own.
/// </summary>
internal sealed class ForeignClient
{
    private const string UnknownIssuer = "unable to get local issuer certificate";

    private readonly ExternalTool _tool;
    private readonly Func<int, string[]> _arguments;
    private readonly string _variable;
    private readonly string? _input;
    private readonly string? _module;

    private ForeignClient(ExternalTool tool, string variable, Func<int, string[]> arguments, string? input = null, string untrusted = UnknownIssuer, string? module = null)
    {
        _tool = tool;
        _variable = variable;
        _arguments = arguments;
        _input = input;
        _module = module;
        UntrustedIssuerMessage = untrusted;
    }

    /// <summary>What this client says of a server certificate from a CA it does not trust.</summary>
    public string UntrustedIssuerMessage { get; }

    public static ForeignClient Named(string name) => name switch
    {
        // The echo answers an HTTP request line with an HTTP response.
        "curl" => new(new ExternalTool("curl", "curl"), "CURL_CA_BUNDLE", port => ["-sS", "--max-time", "20", $"https://localhost:{port}/hello"]),
        // No -CAfile: s_client loads OpenSSL's default verify file, which SSL_CERT_FILE names.
        "openssl" => new(new ExternalTool("openssl", "openssl"), "SSL_CERT_FILE", port =>
            ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "localhost", "-verify_hostname", "localhost", "-verify_return_error", "-quiet"], "hello\n"),
        // ssl.create_default_context() trusts OpenSSL's default verify file: SSL_CERT_FILE again.
        "python" => new(new ExternalTool("python3", "python3"), "SSL_CERT_FILE", port => ["-c", PythonClient, Text(port)]),
        // Debian's python3-requests belongs to Debian's Python, which may not be the python3 first on PATH.
        "requests" => new(new ExternalTool("/usr/bin/python3", "python3-requests"), "REQUESTS_CA_BUNDLE", port => ["-c", RequestsClient, Text(port)],
            module: "requests"),
        // Node.js adds NODE_EXTRA_CA_CERTS to its bundled roots at start-up; it words an unknown issuer its own way.
        "node" => new(new ExternalTool("node", "nodejs"), "NODE_EXTRA_CA_CERTS", port => ["-e", NodeClient, Text(port)],
            untrusted: "UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such client"),
    };

    public async Task RequireInstalledAsync()
    {
        _tool.RequireInstalled();
        if (_module is not null && (await _tool.RunAsync(["-c", $"import {_module}"])).ExitCode != 0)
        {
            Assert.Inconclusive($"the Python module {_module} is missing; install it (Debian: apt-get install python3-{_module}) to run this test. .ci/run installs it.");
        }
    }

    public Task<ProcessResult> ConnectAsync(int port, Fixture trusting) =>
        _tool.RunAsync(_arguments(port), _input, TimeSpan.FromSeconds(30), new Dictionary<string, string> { [_variable] = trusting.Environment()[_variable] });

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private const string PythonClient = """
        import socket, ssl, sys
        context = ssl.create_default_context()
        with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                tls.sendall(b"hello\n")
                print(tls.recv(100).decode().strip())
        """;

    private const string RequestsClient = """
        import sys, requests
        print(requests.get(f"https://localhost:{sys.argv[1]}/hello", timeout=20).text)
        """;

    private const string NodeClient = """
        const tls = require("tls");
        const socket = tls.connect({ host: "127.0.0.1", port: Number(process.argv[1]), servername: "localhost" }, () => socket.write("hello\n"));
        socket.setEncoding("utf8");
        socket.on("data", data => process.stdout.write(data));
        socket.on("error", error => { console.error(`${error.code}: ${error.message}`); process.exit(1); });
        """;
}
