namespace CertKit.Cli.Tests;

[TestClass]
public sealed class HelpTests
{
    [TestMethod]
    [DataRow("create", "--chain-depth")]
    [DataRow("inspect", "<FILE>")]
    [DataRow("serve", "--require-client-certificate")]
    public async Task Help_EachCommand_ExitZeroWithUsageAndItsOptions(string command, string option)
    {
        var result = await CertKitTool.RunAsync(command, "--help");

        Assert.AreEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardOutput, $"certkit {command}");
        StringAssert.Contains(result.StandardOutput, option);
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
    [DataRow(new string[0], "Required command was not provided")]
    [DataRow(new[] { "sign" }, "'sign'")]
    public async Task Run_NoOrUnknownCommand_ExitTwoPointingAtHelp(string[] arguments, string message)
    {
        var result = await CertKitTool.RunAsync(arguments);

        Assert.AreEqual(2, result.ExitCode, result.Output);
        StringAssert.Contains(result.StandardError, message);
        StringAssert.Contains(result.StandardError, "certkit --help");
    }
}
