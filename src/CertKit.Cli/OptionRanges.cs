using System.CommandLine;
using System.Globalization;

namespace CertKit.Cli;

internal static class OptionRanges
{
    /// <summary>
    /// Reads a whole number in [min, max], refusing anything else in CertKit's words with what the user typed: not the
    /// parser's own message, which names .NET types (System.Int32).
    /// </summary>
    public static void MustBeWithin(this Option<int> option, int min, int max)
    {
        var fallback = option.DefaultValueFactory;
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return fallback is null ? default : fallback(result);
            }

            var text = result.Tokens[0].Value;
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                result.AddError($"{option.Name} '{text}' is not a whole number: give {min} to {max}.");
                return default;
            }

            if (value < min || value > max)
            {
                result.AddError($"{option.Name} {value} is out of range: give {min} to {max}.");
            }

            return value;
        };
    }

    /// <summary>
    /// Accepts only the given words, listed in help in this order; anything else is refused on one line that repeats
    /// what the user typed (the parser's own message spreads the list over several lines).
    /// </summary>
    public static void MustBeOneOf(this Option<string> option, IReadOnlyList<string> values)
    {
        option.HelpName = string.Join('|', values);
        option.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && !values.Contains(token.Value, StringComparer.Ordinal))
            {
                result.AddError($"{option.Name} '{token.Value}' is not one of {string.Join(", ", values.Take(values.Count - 1))} or {values[^1]}.");
            }
        });
    }
}
