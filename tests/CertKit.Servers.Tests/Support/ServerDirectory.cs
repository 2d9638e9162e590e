using System.Diagnostics;

namespace CertKit.Servers.Tests.Support;

/// <summary>A scratch directory for one server instance (data, configuration, sockets), deleted with everything in it on dispose.</summary>
internal sealed class ServerDirectory : IDisposable
{
    /// <summary>How every scratch directory's name starts (<c>certkit-servers-postgres-XXXXXX</c>), in the system's temp directory.</summary>
    public const string Prefix = "certkit-servers-";

    public ServerDirectory(string name)
    {
        Path = Directory.CreateTempSubdirectory($"{Prefix}{RunId}-{name}-").FullName;
        // Servers drop to their own user: they must be able to reach what is inside (these tests run on Linux only).
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    public string Path { get; }

    /// <summary>The scratch directories that exist now, of this run or any other.</summary>
    /// <summary>This test run's own mark in its directories' names, so that two runs at once never count (or delete) each other's.</summary>
    public static string RunId { get; } = $"{Environment.ProcessId}{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";

    /// <summary>The scratch directories of this run that still exist.</summary>
    public static string[] Existing() => Directory.GetDirectories(System.IO.Path.GetTempPath(), $"{Prefix}{RunId}-*");

    /// <summary>
    /// A subdirectory owned by <paramref name="user"/> (a name or a number) and its primary group, for a server that writes
    /// its data as that user.
    /// </summary>
    public string CreateOwnedBy(string name, string user)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        // "user:group", not "user:": chown takes "user:" (the user's login group) for a name only, and refuses "65534:".
        var owner = $"{user}:{UnixUser.PrimaryGroupOf(user)}";
        using var chown = Process.Start("chown", [owner, path])!;
        chown.WaitForExit();
        Assert.AreEqual(0, chown.ExitCode, $"chown {owner} {path}");
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }

        Assert.IsFalse(Directory.Exists(Path), $"{Path} is still there after it was deleted");
    }
}
