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

    /// <summary>
    /// The PID namespace this process lives in (Linux), 0 elsewhere. Process ids mean something only within one namespace:
    /// two containers sharing a temp directory must never judge each other's processes.
    /// </summary>
    public static long Namespace { get; } = ReadNamespace();

    /// <summary><c>&lt;pid&gt;-&lt;start time, Unix seconds&gt;-&lt;pid namespace&gt;-</c> of the current process.</summary>
    public static string Tag => CurrentTag.Value;

    public static string Format(int processId, DateTime startTime, long? pidNamespace = null) => string.Create(
        CultureInfo.InvariantCulture,
        $"{processId}-{new DateTimeOffset(startTime.ToUniversalTime()).ToUnixTimeSeconds()}-{pidNamespace ?? Namespace}-");

    /// <summary>Reads the pid, start time and PID namespace out of a directory name made with <see cref="Tag"/>.</summary>
    public static bool TryParse(string directoryName, out int processId, out long startSeconds, out long pidNamespace)
    {
        processId = 0;
        startSeconds = 0;
        pidNamespace = 0;
        if (!directoryName.StartsWith(TemporaryDirectory.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = directoryName[TemporaryDirectory.Prefix.Length..].Split('-');
        return parts.Length == 4
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out processId)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out startSeconds)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out pidNamespace);
    }

    private static readonly Lazy<FileStream?> Lock = new(OpenLock);

    /// <summary>
    /// Takes, for the rest of the process's life, an exclusive lock on <c>certkit-&lt;tag&gt;lock</c> in the temp directory.
    /// A sweeper that cannot take the same lock knows the owner is alive, even when process ids or clocks mislead.
    /// </summary>
    public static void HoldLock() => _ = Lock.Value;

    /// <summary>Whether the owner of a directory (by its name) still holds its lock.</summary>
    public static bool IsLockHeld(string root, string directoryName)
    {
        var path = LockPath(root, directoryName);
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true; // held by a live process
        }
        catch (UnauthorizedAccessException)
        {
            return true; // another user's: not ours to judge
        }
    }

    public static bool LockExists(string root, string directoryName) => File.Exists(LockPath(root, directoryName));

    public static void DeleteLock(string root, string directoryName)
    {
        try
        {
            File.Delete(LockPath(root, directoryName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another sweeper, or a live owner after all: leave it.
        }
    }

    // certkit-<pid>-<start>-<ns>-<random>  ->  certkit-<pid>-<start>-<ns>-lock
    private static string LockPath(string root, string directoryName) =>
        Path.Combine(root, directoryName[..(directoryName.LastIndexOf('-') + 1)] + "lock");

    private static FileStream? OpenLock()
    {
        var path = Path.Combine(Path.GetTempPath(), TemporaryDirectory.Prefix + Tag + "lock");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var stream = new FileStream(path, options);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                stream.Dispose();
                File.Delete(path);
            };
            return stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // without the lock, sweepers fall back to process id and start time
        }
    }

    private static long ReadNamespace()
    {
        try
        {
            // "/proc/self/ns/pid" links to "pid:[4026531836]"; the number identifies the namespace.
            var target = new FileInfo("/proc/self/ns/pid").LinkTarget;
            var digits = new string((target ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
            return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return 0;
        }
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
