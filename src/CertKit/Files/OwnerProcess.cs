using System.Diagnostics;
using System.Globalization;

namespace CertKit.Files;

/// <summary>Names a process so that its identity survives PID reuse: its id and its start time.</summary>
internal static class OwnerProcess
{
    private static readonly Lazy<string> CurrentTag = new(() =>
    {
        using var current = Process.GetCurrentProcess();
        return Format(current.Id, current.StartTime);
    });

    /// <summary><c>&lt;pid&gt;-&lt;start time, Unix seconds&gt;-</c> of the current process.</summary>
    public static string Tag => CurrentTag.Value;

    public static string Format(int processId, DateTime startTime) =>
        string.Create(CultureInfo.InvariantCulture, $"{processId}-{new DateTimeOffset(startTime.ToUniversalTime()).ToUnixTimeSeconds()}-");

    /// <summary>Reads the pid and start time out of a directory name made with <see cref="Tag"/>.</summary>
    public static bool TryParse(string directoryName, out int processId, out long startSeconds)
    {
        processId = 0;
        startSeconds = 0;
        if (!directoryName.StartsWith(TemporaryDirectory.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = directoryName[TemporaryDirectory.Prefix.Length..].Split('-');
        return parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out processId)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out startSeconds);
    }

    /// <summary>
    /// Whether the process that made a directory still runs. A process with that id but another start time is
    /// someone else (the id was reused), so the owner is gone. When in doubt (no permission to look), alive.
    /// </summary>
    public static bool IsAlive(int processId, long startSeconds)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            var started = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds();
            // Start times are derived from clock ticks since boot; allow a second of rounding either way.
            return Math.Abs(started - startSeconds) <= 1;
        }
        catch (ArgumentException)
        {
            return false; // no process with that id
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return true;
        }
    }
}
