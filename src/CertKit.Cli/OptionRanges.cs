using System.CommandLine;

namespace CertKit.Cli;

internal static class OptionRanges
{
    /// <summary>Refuses a number outside [min, max] with a message that repeats what the user typed.</summary>
    public static void MustBeWithin(this Option<int> option, int min, int max) => option.Validators.Add(result =>
    {
        // A value that is not a number at all has already been reported by the parser.
        if (result.Tokens.Count != 1 || !int.TryParse(result.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return;
        }

        if (value < min || value > max)
        {
            result.AddError($"{option.Name} {value} is out of range: give {min} to {max}.");
        }
    });
}
