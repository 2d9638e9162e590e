using Microsoft.Extensions.Logging;
using CertKit.Logging;

namespace CertKit.Files;

/// <summary>
/// One owner-only directory under the system temp directory, made on the first write and removed,
/// with everything in it, on <see cref="Delete"/>. Not thread-safe: its owner serialises calls.
/// </summary>
/// <remarks>
/// Its name carries the owning process (<c>certkit-&lt;pid&gt;-&lt;start&gt;-&lt;random&gt;</c>), so that a later process can
/// tell the leftovers of a killed one from the directories of a live one (<see cref="LeftoverSweeper"/>).
/// </remarks>
internal sealed class TemporaryDirectory(ILogger logger, string? root = null)
{
    /// <summary>Prefix of every directory CertKit makes, so a leftover one is easy to recognise.</summary>
    public const string Prefix = "certkit-";

    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode PublicFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode SecretFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly List<string> _files = [];
    private string? _path;

    /// <summary>Writes <paramref name="content"/> to a new file and returns its full path.</summary>
    /// <param name="fileName">A plain file name, unique within this directory.</param>
    /// <param name="content">The bytes to write.</param>
    /// <param name="secret">Whether the file holds key material: then only its owner may read it (0600).</param>
    /// <exception cref="IOException">The directory or the file cannot be made; the message names the path.</exception>
    public string Write(string fileName, ReadOnlySpan<byte> content, bool secret)
    {
        _path ??= Create();
        var path = Path.Combine(_path, fileName);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0, // one write straight to the file: no buffer to allocate and flush
        };
        if (!OperatingSystem.IsWindows())
        {
            // Set at open(2) time, so the key is never readable by others, not even for an instant.
            options.UnixCreateMode = secret ? SecretFileMode : PublicFileMode;
        }

        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"CertKit could not write {path}: {e.Message}", e);
        }

        // Secret files first, so that they go first on Dispose.
        _files.Insert(secret ? 0 : _files.Count, path);
        Log.FileWritten(logger, path);
        return path;
    }

    /// <summary>Deletes one file this directory wrote, so that it can be written again.</summary>
    public void Remove(string path)
    {
        TryDeleteFile(path);
        _files.Remove(path);
    }

    /// <summary>Gives the directory and every file in it to <paramref name="owner"/>; modes stay as they are (0700, 0600, 0644).</summary>
    public void GiveTo(FileOwner owner)
    {
        foreach (var file in _files)
        {
            owner.Apply(file);
        }

        if (_path is not null)
        {
            owner.Apply(_path);
        }
    }

    /// <summary>Deletes the directory and its files. Never throws: a failure is logged.</summary>
    /// <returns>The directory deleted, or <see langword="null"/> if none was made.</returns>
    public string? Delete()
    {
        var path = _path;
        if (path is null)
        {
            return null;
        }

        try
        {
            // The files we wrote, then the directory: cheaper than a recursive delete, which lists the directory first.
            // Each file on its own, so that one that cannot go (replaced, held open) never keeps the others; a recursive
            // delete then takes whatever is left.
            foreach (var file in _files)
            {
                TryDeleteFile(file);
            }

            DeleteDirectory(path);
        }
        catch (DirectoryNotFoundException e)
        {
            // Someone removed it already: the goal is met. If they put a file in its place, it is theirs: say so, leave it.
            if (File.Exists(path))
            {
                Log.CleanupFailed(logger, e, path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.CleanupFailed(logger, e, path);
        }

        return path;
    }

    private static void TryDeleteFile(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the recursive delete below.
        }
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: false);
        }
        catch (IOException) when (Directory.Exists(path))
        {
            // Someone added files: remove them too. A recursive delete removes a symbolic link, never what it points to.
            Directory.Delete(path, recursive: true);
        }
    }

    private string Create()
    {
        LeftoverSweeper.StartOnce();
        OwnerProcess.HoldLock();
        var prefix = Prefix + OwnerProcess.Tag;
        try
        {
            if (root is null)
            {
                // CreateTempSubdirectory makes the directory with mode 0700 on Unix.
                return Directory.CreateTempSubdirectory(prefix).FullName;
            }

            var path = Path.Combine(root, prefix + Path.GetRandomFileName().Replace(".", string.Empty, StringComparison.Ordinal));
            return OperatingSystem.IsWindows()
                ? Directory.CreateDirectory(path).FullName
                : Directory.CreateDirectory(path, OwnerOnlyDirectory).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"CertKit could not make its directory under {root ?? Path.GetTempPath()}: {e.Message}", e);
        }
    }
}
