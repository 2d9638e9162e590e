namespace CertKit.Cli;

/// <summary>What <c>certkit</c> returns, so scripts can tell a typo from a broken environment.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The arguments were fine but the work failed: a file could not be read or written, a port was taken.</summary>
    public const int Failure = 1;

    /// <summary>An argument is missing, unknown or out of range; nothing was written.</summary>
    public const int BadArguments = 2;
}
