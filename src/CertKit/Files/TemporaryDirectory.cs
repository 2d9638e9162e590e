using Microsoft.Extensions.Logging;
using CertKit.Logging;

namespace CertKit.Files;

/// <summary>
/// Where one certificate's files go, removed with everything it wrote on <see cref="Delete"/>. Without a
/// <c>root</c>, the files go into the process's one owner-only directory (<see cref="ProcessDirectory"/>) under names that
/// start with a prefix of their own; with one, into a new owner-only directory made in <c>root</c> on the first write.
/// Not thread-safe: its owner serialises calls.
/// </summary>
/// <remarks>
/// Directory names carry the owning process (<c>certkit-&lt;pid&gt;-&lt;start&gt;-&lt;namespace&gt;-&lt;random&gt;</c>), so that a later
/// process can tell the leftovers of a killed one from the directories of a live one (<see cref="LeftoverSweeper"/>).
/// One directory per process instead of one per certificate: on Linux a mkdir/rmdir pair costs more than writing the
/// three files a fixture needs.
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
    private string? _fileNamePrefix;

    /// <summary>Writes <paramref name="content"/> to a new file and returns its full path.</summary>
    /// <param name="fileName">A plain file name, unique within this directory.</param>
    /// <param name="content">The bytes to write.</param>
    /// <param name="secret">Whether the file holds key material: then only its owner may read it (0600).</param>
    /// <exception cref="IOException">The directory or the file cannot be made; the message names the path.</exception>
    public string Write(string fileName, ReadOnlySpan<byte> content, bool secret)
    {
        string path;
        if (root is null)
        {
            _fileNamePrefix ??= ProcessDirectory.NewFileNamePrefix();
            path = Path.Combine(_path ??= ProcessDirectory.Path, _fileNamePrefix + fileName);
        }
        else
        {
            path = Path.Combine(_path ??= CreateIn(root), fileName);
        }

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
            WriteFile(path, options, content);
        }
        catch (IOException e) when (root is null && e.InnerException is DirectoryNotFoundException)
        {
            // Someone removed the process's directory (a temp cleaner, a test's own cleanup): make it again, once.
            _path = ProcessDirectory.Recreate(_path);
            path = Path.Combine(_path, _fileNamePrefix + fileName);
            WriteFile(path, options, content);
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

    /// <summary>
    /// Deletes the files, and the directory when it is this certificate's own. Never throws: a failure is logged.
    /// </summary>
    /// <returns>What was deleted (the directory, or the process directory's path with this certificate's prefix and <c>*</c>), or <see langword="null"/> if nothing was written.</returns>
    public string? Delete()
    {
        var path = _path;
        if (path is null)
        {
            return null;
        }

        if (root is null)
        {
            foreach (var file in _files)
            {
                // What cannot go (someone put a directory in its place) is someone else's now: say so, leave it.
                if (TryDeleteFile(file) is { } failure && Path.Exists(file))
                {
                    Log.CleanupFailed(logger, failure, file);
                }
            }

            _files.Clear();
            return Path.Combine(path, _fileNamePrefix + "*");
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

    /// <returns>Why the file could not be deleted, or <see langword="null"/> when it is gone.</returns>
    private static Exception? TryDeleteFile(string file)
    {
        try
        {
            File.Delete(file);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the recursive delete of an own directory; reported for the process directory.
            return e;
        }
    }

    private static void WriteFile(string path, FileStreamOptions options, ReadOnlySpan<byte> content)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"CertKit could not write {path}: {e.Message}", e);
        }

        try
        {
            stream.Write(content);
            stream.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Made but not written (a full disk): a half-written key must not outlive the certificate, nor block a retry.
            stream.Dispose();
            TryDeleteFile(path);
            throw new IOException($"CertKit could not write {path}: {e.Message}", e);
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

    // A directory of its own in root, for a server or a container that takes a directory.
    private static string CreateIn(string root)
    {
        OwnerProcess.HoldLock();
        var path = Path.Combine(root, Prefix + OwnerProcess.Tag + Path.GetRandomFileName().Replace(".", string.Empty, StringComparison.Ordinal));
        try
        {
            return OperatingSystem.IsWindows()
                ? Directory.CreateDirectory(path).FullName
                : Directory.CreateDirectory(path, OwnerOnlyDirectory).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"CertKit could not make its directory under {root}: {e.Message}", e);
        }
    }
}
