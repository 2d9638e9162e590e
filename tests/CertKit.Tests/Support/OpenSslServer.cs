using System.Diagnostics;
using System.Globalization;

namespace CertKit.Tests.Support;

/// <summary>
/// <c>openssl s_server</c> on 127.0.0.1, port 0, at OpenSSL security level 0: it serves the certificates a .NET server on
/// Linux refuses to load (RSA-1024, SHA-1), so a .NET client can be shown what it does with them.
/// </summary>
internal sealed class OpenSslServer : IDisposable
{
    private readonly Process _process;

    private OpenSslServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<OpenSslServer> StartAsync(TemporaryCertificate certificate)
    {
        OpenSsl.RequireInstalled();
        var startInfo = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "s_server", "-accept", "127.0.0.1:0", "-naccept", "1", "-cipher", "DEFAULT@SECLEVEL=0",
            "-cert", certificate.WriteFiles().CertificatePath, "-key", certificate.WriteFiles().PrivateKeyPath,
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            // s_server announces the port it bound: "ACCEPT 127.0.0.1:40123"
            if (line.StartsWith("ACCEPT ", StringComparison.Ordinal))
            {
                return new OpenSslServer(process, int.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));
            }
        }

        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        process.Dispose();
        throw new InvalidOperationException($"openssl s_server did not start: {error}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
