using Microsoft.Extensions.Logging;

namespace CertKit.Logging;

/// <summary>
/// Every log message CertKit writes. The event ids are stable: filter on them, they will not change.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "CertificateCreated", Level = LogLevel.Debug,
        Message = "Created certificate {Subject} for {Names} ({KeyAlgorithm}, serial {SerialNumber}, valid {NotBefore:O} to {NotAfter:O})")]
    public static partial void CertificateCreated(
        ILogger logger, string subject, string names, KeyAlgorithm keyAlgorithm, string serialNumber, DateTimeOffset notBefore, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 2, EventName = "FileWritten", Level = LogLevel.Debug,
        Message = "Wrote {Path}")]
    public static partial void FileWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 3, EventName = "CertificateDisposed", Level = LogLevel.Debug,
        Message = "Disposed certificate {Subject} and its files {Files}")]
    public static partial void CertificateDisposed(ILogger logger, string subject, string files);

    [LoggerMessage(EventId = 4, EventName = "CleanupFailed", Level = LogLevel.Warning,
        Message = "Could not delete {Path}; delete it by hand")]
    public static partial void CleanupFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 5, EventName = "LeftoverRemoved", Level = LogLevel.Information,
        Message = "Removed {Path}, left behind by process {ProcessId}, which is gone")]
    public static partial void LeftoverRemoved(ILogger logger, string path, int processId);

    [LoggerMessage(EventId = 6, EventName = "ValidityShortened", Level = LogLevel.Information,
        Message = "Cut the default NotAfter {Requested:O} to {IssuerNotAfter:O}, the end of issuer {Issuer}: a certificate cannot outlive its issuer")]
    public static partial void ValidityShortened(ILogger logger, DateTimeOffset requested, DateTimeOffset issuerNotAfter, string issuer);
}
