namespace CertKit.Cli;

/// <summary>A failure with a message meant for the user, and the exit code it deserves; no stack trace is printed.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>Runs a command body, turning expected failures into a one-line message and an exit code.</summary>
    public static async Task<int> GuardAsync(TextWriter error, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CliException e)
        {
            await error.WriteLineAsync($"certkit: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException
            or ArgumentException or FormatException or System.Formats.Asn1.AsnContentException)
        {
            await error.WriteLineAsync($"certkit: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
