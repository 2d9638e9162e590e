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

    /// <summary>A user name (<c>postgres</c>) or numeric ids (<c>999</c>, <c>999:999</c>), as <c>chown</c> takes them.</summary>
    public static FileOwner Parse(string owner, string paramName)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException($"Giving files to the user '{owner}' needs a Unix system; on Windows leave the owner unset.");
        }

        if (string.IsNullOrWhiteSpace(owner))
        {
            throw new ArgumentException($"File owner '{owner}' is empty; give a user name such as 'postgres', or numeric ids such as '999:999'.", paramName);
        }

        var parts = owner.Split(':');
        if (parts.Length <= 2 && parts.All(p => uint.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            var uid = uint.Parse(parts[0], CultureInfo.InvariantCulture);
            return new FileOwner(uid, parts.Length == 2 ? uint.Parse(parts[1], CultureInfo.InvariantCulture) : uid, owner);
        }

        lock (PasswdGate)
        {
            // getpwnam's result lives in static storage until the next call: read it under the lock.
            var entry = GetPasswordEntry(owner);
            if (entry == IntPtr.Zero)
            {
                throw new ArgumentException($"There is no user '{owner}' on this system (getpwnam found none); is the server's package installed?", paramName);
            }

            // struct passwd starts with two pointers (pw_name, pw_passwd), then uid_t pw_uid and gid_t pw_gid, on Linux and macOS.
            return new FileOwner(
                (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size), (uint)Marshal.ReadInt32(entry, (2 * IntPtr.Size) + sizeof(uint)), owner);
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

    [LibraryImport("libc", EntryPoint = "getpwnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetPasswordEntry(string name);

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int ChangeOwner(string path, uint owner, uint group);
}
