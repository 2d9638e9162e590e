using CertKit.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CertKit.Files;

/// <summary>
/// Removes the directories of CertKit processes that were killed before they could dispose their certificates.
/// Runs once per process, in the background, from the first certificate (<see cref="ProcessDirectory.Prepare"/>); never
/// touches a directory whose owner is alive, nor one it cannot attribute to a process of its own PID namespace.
/// </summary>
internal static class LeftoverSweeper
{
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
            // A live owner holds its lock file: that settles it, whatever the namespace or the clock say. Without a lock
            // file, only directories of this PID namespace can be judged, by process id and start time.
            var name = Path.GetFileName(directory);
            if (!OwnerProcess.TryParse(name, out var processId, out var startSeconds, out var pidNamespace)
                || OwnerProcess.IsLockHeld(root, name)
                || (!OwnerProcess.LockExists(root, name) && (pidNamespace != OwnerProcess.Namespace || OwnerProcess.IsAlive(processId, startSeconds))))
            {
                continue;
            }

            try
            {
                Directory.Delete(directory, recursive: true);
                OwnerProcess.DeleteLock(root, name);
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
