using CertKit.Logging;
using Microsoft.Extensions.Logging;

namespace CertKit.Files;

/// <summary>
/// Removes the directories of CertKit processes that were killed before they could dispose their certificates.
/// Runs once per process, in the background, on the first directory CertKit makes; never touches a directory whose
/// owner is alive, nor one it cannot attribute to a process of its own PID namespace.
/// </summary>
internal static class LeftoverSweeper
{
    private static int _started;

    public static void StartOnce(ILogger logger)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(() => Sweep(Path.GetTempPath(), logger));
        }
    }

    /// <summary>Sweeps <paramref name="root"/> now.</summary>
    /// <returns>The directories removed.</returns>
    public static IReadOnlyList<string> Sweep(string root, ILogger logger)
    {
        var removed = new List<string>();
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateDirectories(root, TemporaryDirectory.Prefix + "*").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return removed;
        }

        foreach (var directory in candidates)
        {
            // Only directories made in this PID namespace can be judged: elsewhere the same id is another process.
            if (!OwnerProcess.TryParse(Path.GetFileName(directory), out var processId, out var startSeconds, out var pidNamespace)
                || pidNamespace != OwnerProcess.Namespace
                || OwnerProcess.IsAlive(processId, startSeconds))
            {
                continue;
            }

            try
            {
                Directory.Delete(directory, recursive: true);
                removed.Add(directory);
                Log.LeftoverRemoved(logger, directory, processId);
            }
            catch (DirectoryNotFoundException)
            {
                // Another sweeper got there first.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.CleanupFailed(logger, e, directory);
            }
        }

        return removed;
    }
}
