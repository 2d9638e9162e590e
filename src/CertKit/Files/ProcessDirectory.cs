using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;

namespace CertKit.Files;

/// <summary>
/// The one owner-only (0700) directory under the system temp directory where this process's certificates write their
/// files, each under a file-name prefix of its own. Made on the first write; removed, with anything still in it, when the
/// process exits; a killed process's is removed by the next process's <see cref="LeftoverSweeper"/>.
/// </summary>
internal static class ProcessDirectory
{
    private static readonly Lock Gate = new();
    private static string? _path;
    private static long _lastPrefix;
    private static bool _removedAtExit;
    private static bool _exiting;
    private static int _prepared;

    /// <summary>
    /// Called for every certificate made; the first call starts, on a background thread of its own, what the first write
    /// would otherwise wait for: reading this process's identity (its start time, which names the directory), then the
    /// sweep of killed processes' leftovers, which logs nowhere (the first certificate's logger belongs to one test and
    /// must not hear about other processes). The caller goes on at once.
    /// </summary>
    public static void Prepare()
    {
        if (Volatile.Read(ref _prepared) == 0 && Interlocked.Exchange(ref _prepared, 1) == 0)
        {
            // A thread, not the thread pool: starting the pool costs the first certificate more than a thread does.
            new Thread(static () =>
            {
                try
                {
                    _ = OwnerProcess.Tag;
                    LeftoverSweeper.Sweep(System.IO.Path.GetTempPath(), NullLogger.Instance);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Nothing here may end the test host: the first write reads the identity again and says what failed.
                }
            })
            {
                IsBackground = true,
                Name = "CertKit leftover sweep",
            }.Start();
        }
    }

    /// <summary>The directory, made on first use.</summary>
    /// <exception cref="IOException">It cannot be made; the message names the temp directory.</exception>
    public static string Path
    {
        get
        {
            var path = Volatile.Read(ref _path);
            if (path is not null)
            {
                return path;
            }

            lock (Gate)
            {
                return _path ??= Create();
            }
        }
    }

    /// <summary>A prefix no other certificate of this process has, such as <c>12-</c>.</summary>
    public static string NewFileNamePrefix() =>
        Interlocked.Increment(ref _lastPrefix).ToString(CultureInfo.InvariantCulture) + "-";

    /// <summary>Makes the directory again after someone removed <paramref name="lost"/>; another thread may have done it already.</summary>
    public static string Recreate(string? lost)
    {
        lock (Gate)
        {
            if (_path is null || _path == lost)
            {
                _path = Create();
            }

            return _path;
        }
    }

    private static string Create()
    {
        if (_exiting)
        {
            // After the exit handler removed the directory and the lock file went, a new directory would outlive the process.
            throw new IOException("CertKit cannot write files: the process is exiting and its directory is already removed.");
        }

        Prepare();
        OwnerProcess.HoldLock();
        string path;
        try
        {
            // CreateTempSubdirectory makes the directory with mode 0700 on Unix: owner-only from its creation.
            path = Directory.CreateTempSubdirectory(TemporaryDirectory.Prefix + OwnerProcess.Tag).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"CertKit could not make its directory under {System.IO.Path.GetTempPath()}: {e.Message}", e);
        }

        if (!_removedAtExit)
        {
            _removedAtExit = true;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveAtExit();
        }

        return path;
    }

    private static void RemoveAtExit()
    {
        string? path;
        lock (Gate)
        {
            path = _path;
            _path = null;
            _exiting = true;
        }

        try
        {
            if (path is not null)
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The next process's sweep removes it.
        }
    }
}
