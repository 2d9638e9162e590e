using System.Globalization;
using Microsoft.Extensions.Logging;

namespace CertKit.TestFrameworks;

/// <summary>
/// The line every CertKit test-framework logger writes for one log call, and the level rules they share, so that the
/// packages for MSTest, xUnit.net and the others read alike. Compiled into each of those packages (linked source, not a
/// shared assembly): a package carries its own copy and never depends on another's internals.
/// </summary>
internal static class TestOutputLine
{
    /// <summary>Returns <paramref name="minimumLevel"/> if it is a defined <see cref="LogLevel"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    public static LogLevel ValidMinimumLevel(LogLevel minimumLevel, string parameterName) =>
        Enum.IsDefined(minimumLevel)
            ? minimumLevel
            : throw new ArgumentOutOfRangeException(parameterName, minimumLevel, $"Minimum level '{minimumLevel}' is not a LogLevel; use Trace to Critical, or None to write nothing.");

    /// <summary>At or above the minimum, and never <see cref="LogLevel.None"/>.</summary>
    public static bool IsEnabled(LogLevel logLevel, LogLevel minimumLevel) => logLevel != LogLevel.None && logLevel >= minimumLevel;

    /// <summary>
    /// "{Level} [{id} {name}] {message}", then the exception on the lines below; <see langword="null"/> when there is
    /// nothing to write (the level is off, or neither a message nor an exception).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="formatter"/> is <see langword="null"/>.</exception>
    public static string? Format<TState>(
        LogLevel minimumLevel, LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel, minimumLevel))
        {
            return null;
        }

        var message = formatter(state, exception);
        if (string.IsNullOrEmpty(message) && exception is null)
        {
            return null;
        }

        var id = eventId.Name is null
            ? eventId.Id.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{eventId.Id} {eventId.Name}");
        return exception is null
            ? $"{logLevel} [{id}] {message}"
            : $"{logLevel} [{id}] {message}{Environment.NewLine}{exception}";
    }
}
