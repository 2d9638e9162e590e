using System.Diagnostics;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// The users servers run as, by name (<c>postgres</c>) or number (<c>65534</c>), looked up with <c>id</c> (so through NSS,
/// as setpriv and chown look them up).
/// </summary>
internal static class UnixUser
{
    /// <summary>Whether this system knows <paramref name="user"/>.</summary>
    public static bool Exists(string user) => Id("-u", user) is not null;

    /// <summary>
    /// The id of <paramref name="user"/>'s primary group (<c>nogroup</c>'s for <c>nobody</c>, whose group has another name):
    /// what setpriv's <c>--regid</c> and chown's <c>user:group</c> need. A number the system does not know as a user (a
    /// container's user) keeps that number as its group, as chown and CertKit's <c>WriteFiles</c> take <c>999</c> for <c>999:999</c>.
    /// </summary>
    public static string PrimaryGroupOf(string user) =>
        Id("-g", user) ?? (user.All(char.IsAsciiDigit) ? user : throw new AssertFailedException($"There is no user '{user}' on this system (id -g {user} failed)."));

    private static string? Id(string option, string user)
    {
        var startInfo = new ProcessStartInfo("id", [option, user]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var id = Process.Start(startInfo)!;
        var output = id.StandardOutput.ReadToEnd();
        id.WaitForExit();
        return id.ExitCode == 0 ? output.Trim() : null;
    }
}
