using Microsoft.Extensions.Logging;
using CertKit.Logging;

namespace CertKit.Files;

/// <summary>
/// One owner-only directory under the system temp directory, made on the first write and removed,
/// with everything in it, on <see cref="Delete"/>. Not thread-safe: its owner serialises calls.
/// </summary>
internal sealed class TemporaryDirectory(ILogger logger)
{
    /// <summary>Prefix of every directory CertKit makes, so a leftover one is easy to recognise.</summary>
    public const string Prefix = "certkit-";

    private const UnixFileMode PublicFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode SecretFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private string? _path;

    /// <summary>Writes <paramref name="content"/> to a new file and returns its full path.</summary>
    /// <param name="fileName">A plain file name, unique within this directory.</param>
    /// <param name="content">The bytes to write.</param>
    /// <param name="secret">Whether the file holds key material: then only its owner may read it (0600).</param>
    public string Write(string fileName, ReadOnlySpan<byte> content, bool secret)
    {
        // CreateTempSubdirectory makes the directory with mode 0700 on Unix.
        _path ??= Directory.CreateTempSubdirectory(Prefix).FullName;
        var path = Path.Combine(_path, fileName);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Set at open(2) time, so the key is never readable by others, not even for an instant.
            options.UnixCreateMode = secret ? SecretFileMode : PublicFileMode;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(content);
        }

        Log.FileWritten(logger, path);
        return path;
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
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Someone removed it already: the goal, no files left, is met.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.CleanupFailed(logger, e, path);
        }

        return path;
    }
}
