using System.Globalization;
using Microsoft.Extensions.Logging;

namespace CertKit.Logging;

/// <summary>
/// What the test-framework packages' loggers (CertKit.MSTest, CertKit.NUnit) share: which levels they write and the one
/// line they write for a message. Compiled into each package as source (internal there), so no package depends on
/// another's internals and each framework's logger stays in its own package.
/// </summary>
internal static class TestOutputLine
{
    /// <summary>Returns <paramref name="minimumLevel"/> when it is a <see cref="LogLevel"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    public static LogLevel CheckMinimumLevel(LogLevel minimumLevel) =>
        Enum.IsDefined(minimumLevel)
            ? minimumLevel
            : throw new ArgumentOutOfRangeException(nameof(minimumLevel), minimumLevel, $"Minimum level '{minimumLevel}' is not a LogLevel; use Trace to Critical, or None to write nothing.");

    /// <summary>At or above <paramref name="minimumLevel"/>, and never <see cref="LogLevel.None"/>.</summary>
    public static bool IsEnabled(LogLevel logLevel, LogLevel minimumLevel) => logLevel != LogLevel.None && logLevel >= minimumLevel;

    /// <summary>
    /// "{Level} [{id} {name}] {message}", then the exception on the lines below; <see langword="null"/> when the message is
    /// empty and there is no exception: nothing worth a line.
    /// </summary>
    public static string? Format<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
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
