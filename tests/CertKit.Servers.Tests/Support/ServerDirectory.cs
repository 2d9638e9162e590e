using System.Diagnostics;

namespace CertKit.Servers.Tests.Support;

/// <summary>A scratch directory for one server instance (data, configuration, sockets), deleted with everything in it on dispose.</summary>
internal sealed class ServerDirectory : IDisposable
{
    public ServerDirectory(string name)
    {
        Path = Directory.CreateTempSubdirectory($"certkit-servers-{name}-").FullName;
        // Servers drop to their own user: they must be able to reach what is inside (these tests run on Linux only).
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    public string Path { get; }

    /// <summary>A subdirectory owned by <paramref name="user"/> (chown), for a server that writes its data as that user.</summary>
    public string CreateOwnedBy(string name, string user)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        using var chown = Process.Start("chown", [$"{user}:", path])!;
        chown.WaitForExit();
        Assert.AreEqual(0, chown.ExitCode, $"chown {user}: {path}");
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
