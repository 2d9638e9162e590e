namespace CertKit.Cli.Tests;

[TestClass]
public sealed class HelpTests
{
    [TestMethod]
    [DataRow("create", "--chain-depth")]
    [DataRow("create", "--negative-cases")]
    [DataRow("inspect", "<FILE>")]
    [DataRow("serve", "--require-client-certificate")]
    [DataRow("serve", "--certificate <server|expired|not-yet-valid|wrong-host|stranger>")]
    public async Task Help_EachCommand_ExitZeroWithUsageAndItsOptions(string command, string option)
    {
        var result = await CertKitTool.RunAsync(command, "--help");

        Assert.AreEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardOutput, $"certkit {command}");
        StringAssert.Contains(result.StandardOutput, option);
    }

    [TestMethod]
    public async Task Help_Create_NamesEveryNegativeCaseFile()
    {
        var result = await CertKitTool.RunAsync("create", "--help");

        Assert.AreEqual(0, result.ExitCode, result.Output);
        // Help wraps long descriptions at the terminal's width: compare the words, not the lines.
        var words = string.Join(' ', result.StandardOutput.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        foreach (var file in new[] { "expired.pem", "not-yet-valid.pem", "wrong-host.pem", "stranger.pem", "stranger-ca.pem", "CERTKIT_EXPIRED_CERT_FILE" })
        {
            StringAssert.Contains(words, file);
        }
    }

    [TestMethod]
    public async Task Help_Root_ListsTheThreeCommands()
    {
        var result = await CertKitTool.RunAsync("--help");

        Assert.AreEqual(0, result.ExitCode, result.Output);
        foreach (var command in new[] { "create", "inspect", "serve" })
        {
            StringAssert.Contains(result.StandardOutput, "  " + command);
        }
    }

    [TestMethod]
    [DataRow(new string[0], "certkit: give a command: create, inspect or serve.", "certkit --help")]
    [DataRow(new[] { "sign" }, "certkit: 'sign' is not a certkit command; the commands are create, inspect or serve.", "certkit --help")]
    [DataRow(new[] { "sign", "--dir", "x" }, "certkit: 'sign' is not a certkit command", "certkit --help")]
    [DataRow(new[] { "create", "--dir", "/tmp/certkit-never-written", "--frobnicate", "1" }, "certkit: '--frobnicate' is not an option of certkit create.", "certkit create --help")]
    public async Task Run_NoOrUnknownCommandOrOption_ExitTwoWithOneErrorPointingAtHelp(string[] arguments, string message, string help)
    {
        var result = await CertKitTool.RunAsync(arguments);

        Assert.AreEqual(2, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, message);
        StringAssert.Contains(result.StandardError, help);
        Assert.HasCount(1, ErrorLines(result), $"one error, not one per unexpected word: {result.StandardError}");
    }

    [TestMethod]
    [DataRow("create", "--days", "abc", "--days 'abc' is not a whole number: give 1 to 3650.")]
    [DataRow("create", "--days", "7.5", "--days '7.5' is not a whole number: give 1 to 3650.")]
    [DataRow("create", "--chain-depth", "two", "--chain-depth 'two' is not a whole number: give 0 to 4.")]
    [DataRow("serve", "--port", "https", "--port 'https' is not a whole number: give 0 to 65535.")]
    public async Task Run_NotANumber_ExitTwoInCertKitsWordsNotDotNetTypeNames(string command, string option, string value, string message)
    {
        using var scratch = new ScratchDirectory();
        string[] arguments = command == "create" ? [command, "--dir", scratch.PathOf("fixture"), option, value] : [command, option, value];

        var result = await CertKitTool.RunAsync(arguments);

        Assert.AreEqual(2, result.ExitCode, result.Output);
        CollectionAssert.AreEqual(new[] { "certkit: " + message }, ErrorLines(result));
        Assert.DoesNotContain("System.", result.Output, "no .NET type names");
        Assert.DoesNotContain("Int32", result.Output);
    }

    private static string[] ErrorLines(ProcessResult result) =>
        [.. result.StandardError.Split('\n').Where(line => line.StartsWith("certkit: ", StringComparison.Ordinal))];
}
