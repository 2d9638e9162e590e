using System.Diagnostics;
using CertKit.Tests.Support;

namespace CertKit.Tests.Files;

/// <summary>
/// The final mode of a key file says nothing about the instant after it was created. strace shows the system calls
/// themselves: the key is created 0600 by the open(2) that makes it, and no chmod follows.
/// </summary>
[TestClass]
public sealed class FileModeAtCreationTests
{
    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public async Task Write_PrivateKey_CreatedOwnerOnlyByTheOpenCallItself()
    {
        Strace.Tool.RequireInstalled();
        var probe = await Strace.Tool.RunAsync(["-qq", "-e", "trace=none", "true"]);
        if (probe.ExitCode != 0)
        {
            Assert.Inconclusive($"strace is installed but cannot trace here (no ptrace permission?): {probe.StandardError.Trim()}");
        }

        var root = Directory.CreateTempSubdirectory("modes-root-").FullName;
        var trace = Path.Combine(root, "strace.txt");
        try
        {
            var startInfo = new ProcessStartInfo(Strace.Tool.ExecutablePath)
            {
                ArgumentList =
                {
                    "-f", "-qq", "-e", "trace=openat,open,creat,chmod,fchmod,fchmodat", "-o", trace,
                    Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", CrashChild.ChildPath(), "1",
                },
                RedirectStandardOutput = true,
                UseShellExecute = false,
                Environment = { ["TMPDIR"] = root },
            };
            using (var child = Process.Start(startInfo)!)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line && line != "READY")
                {
                }

                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(timeout.Token);
            }

            var calls = (await File.ReadAllLinesAsync(trace)).Where(l => l.Contains("/certkit-", StringComparison.Ordinal)).ToList();
            var keyOpen = calls.Single(l => l.Contains("private-key.pem\"", StringComparison.Ordinal)); // the child writes the key file

            StringAssert.Contains(keyOpen, "O_CREAT|O_EXCL");
            StringAssert.Contains(keyOpen, ", 0600)");
            Assert.IsFalse(calls.Any(l => l.Contains("chmod", StringComparison.Ordinal)), string.Join("\n", calls));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
