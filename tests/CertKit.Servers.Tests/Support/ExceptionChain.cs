namespace CertKit.Servers.Tests.Support;

/// <summary>An exception and its inner exceptions, outermost first: where clients put the words of a refusal.</summary>
internal static class ExceptionChain
{
    public static IEnumerable<Exception> Of(Exception error)
    {
        for (var e = (Exception?)error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    public static Exception Innermost(Exception error) => Of(error).Last();

    /// <summary>The innermost <typeparamref name="T"/> in the chain; fails the test if there is none.</summary>
    public static T Innermost<T>(Exception error)
        where T : Exception =>
        Of(error).OfType<T>().LastOrDefault() ?? throw new AssertFailedException($"no {typeof(T).Name} in {error}");

    /// <summary>
    /// Asserts that some message in the chain holds one of <paramref name="words"/>: for a refusal whose words a race
    /// decides (with TLS 1.3 the server refuses a client certificate after the client's handshake is over).
    /// </summary>
    public static void AssertMentionsAny(Exception error, params string[] words)
    {
        var messages = string.Join(" | ", Of(error).Select(e => e.Message));
        Assert.IsTrue(words.Any(w => messages.Contains(w, StringComparison.Ordinal)), $"unexpected: {error}");
    }
}
