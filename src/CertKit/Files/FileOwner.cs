using System.Globalization;
using System.Runtime.InteropServices;

namespace CertKit.Files;

/// <summary>
/// The user a server runs as, who must own its certificate files (PostgreSQL refuses a key it does not own; Mosquitto and
/// MariaDB read theirs after dropping to their own user). Unix only: .NET has no chown, so libc's is called.
/// </summary>
internal readonly partial record struct FileOwner(uint UserId, uint GroupId, string Name)
{
    private static readonly Lock PasswdGate = new();

    /// <summary>
    /// <c>user[:group]</c> as <c>chown</c> takes it, each part a name or a number: <c>postgres</c> (and its primary group),
    /// <c>postgres:ssl-cert</c>, <c>999:999</c>, or <c>999</c> (the group left as it is).
    /// </summary>
    public static FileOwner Parse(string owner, string paramName)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException($"Giving files to the user '{owner}' needs a Unix system; on Windows leave the owner unset.");
        }

        var parts = owner.Split(':');
        if (string.IsNullOrWhiteSpace(owner) || parts.Length > 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException(
                $"File owner '{owner}' is not a user name or user:group, such as 'postgres' or 'postgres:postgres', nor numeric ids such as '999:999'.", paramName);
        }

        lock (PasswdGate)
        {
            // getpwnam's and getgrnam's results live in static storage until the next call: read them under the lock.
            var (userId, primaryGroupId) = Number(parts[0]) is { } uid ? (uid, UnchangedGroup) : User(parts[0], owner, paramName);
            var groupId = parts.Length == 1 ? primaryGroupId : Number(parts[1]) ?? Group(parts[1], owner, paramName);
            return new FileOwner(userId, groupId, owner);
        }
    }

    /// <summary>Gives <paramref name="path"/> to this owner.</summary>
    /// <exception cref="IOException">chown failed, for instance because this process is not root; the message names the path and the reason.</exception>
    public void Apply(string path)
    {
        if (ChangeOwner(path, UserId, GroupId) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new IOException(
                $"CertKit could not give {path} to '{Name}' ({UserId}:{GroupId}): {Marshal.GetPInvokeErrorMessage(error)}. Changing a file's owner needs root (or CAP_CHOWN).");
        }
    }

    // chown(2) leaves the group as it is when given (gid_t)-1.
    private const uint UnchangedGroup = uint.MaxValue;

    private static uint? Number(string part) =>
        uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    // struct passwd and struct group start with two pointers (the name, the password), then the ids: on Linux and macOS.
    private static (uint UserId, uint GroupId) User(string name, string owner, string paramName)
    {
        var entry = GetPasswordEntry(name);
        return entry == IntPtr.Zero
            ? throw new ArgumentException($"There is no user '{name}' on this system (in owner '{owner}'); is the server's package installed?", paramName)
            : ((uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size), (uint)Marshal.ReadInt32(entry, (2 * IntPtr.Size) + sizeof(uint)));
    }

    private static uint Group(string name, string owner, string paramName)
    {
        var entry = GetGroupEntry(name);
        return entry == IntPtr.Zero
            ? throw new ArgumentException($"There is no group '{name}' on this system (in owner '{owner}').", paramName)
            : (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size);
    }

    [LibraryImport("libc", EntryPoint = "getgrnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetGroupEntry(string name);

    [LibraryImport("libc", EntryPoint = "getpwnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetPasswordEntry(string name);

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int ChangeOwner(string path, uint owner, uint group);
}
