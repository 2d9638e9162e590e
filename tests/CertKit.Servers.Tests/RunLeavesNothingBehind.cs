namespace CertKit.Servers.Tests;

/// <summary>
/// A test run leaves no process, port or directory behind: each server asserts it for itself when its class stops it,
/// and this asserts it once more for the whole run, after every class has finished (what a class whose start or stop
/// failed half-way, or a helper that outlived its parent, would leave). Whatever it finds, it reports, then removes.
/// </summary>
[TestClass]
public static class RunLeavesNothingBehind
{
    private static HashSet<string> _directoriesBefore = [];

    [AssemblyInitialize]
    public static void NoteExistingDirectories(TestContext context)
    {
        // Directories carry this run's id, so another run's (or one killed half-way) are never counted or deleted; this
        // list is empty unless the same id was somehow reused.
        _directoriesBefore = [.. ServerDirectory.Existing()];
        if (_directoriesBefore.Count > 0)
        {
            context.WriteLine($"scratch directories from before this run: {string.Join(", ", _directoriesBefore)}");
        }
    }

    [AssemblyCleanup]
    public static async Task NoProcessPortOrDirectoryRemains(TestContext context)
    {
        var (processes, ports) = ServerProcess.LeftBehind();
        var directories = ServerDirectory.Existing().Where(directory => !_directoriesBefore.Contains(directory)).ToList();
        context.WriteLine($"after the run: {processes.Count} processes, {ports.Count} listening ports, {directories.Count} scratch directories left");

        await ProcessTable.KillAsync(processes);
        foreach (var directory in directories)
        {
            Directory.Delete(directory, recursive: true);
        }

        Assert.IsEmpty(processes, $"processes started by these tests still ran after the run: {string.Join("; ", processes)}");
        Assert.IsEmpty(ports, $"something still listened after the run on 127.0.0.1:{string.Join(", :", ports)}");
        Assert.IsEmpty(directories, $"scratch directories left after the run: {string.Join(", ", directories)}");
    }
}
