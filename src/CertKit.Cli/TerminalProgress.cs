namespace CertKit.Cli;

/// <summary>
/// One line of progress on standard error, rewritten in place and wiped when the work is done: shown only when standard
/// error is a terminal, so a script, a CI log or a test that reads the output gets nothing of it.
/// </summary>
internal sealed class TerminalProgress : IDisposable
{
    private readonly TextWriter? _terminal;
    private readonly Lock _gate = new();
    private int _width;

    private TerminalProgress(TextWriter? terminal) => _terminal = terminal;

    /// <summary>Progress on <paramref name="error"/> if it is a terminal, else none.</summary>
    public static TerminalProgress For(TextWriter error, bool errorIsTerminal) => new(errorIsTerminal ? error : null);

    /// <summary>Replaces the line with <paramref name="text"/>; safe to call from several threads.</summary>
    public void Report(string text)
    {
        if (_terminal is null)
        {
            return;
        }

        lock (_gate)
        {
            // Carriage return and spaces rather than escape sequences, which a dumb terminal would print.
            _terminal.Write("\r" + text.PadRight(_width));
            _terminal.Flush();
            _width = text.Length;
        }
    }

    /// <summary>Wipes the line, so what the command prints next starts on a clean one.</summary>
    public void Dispose()
    {
        if (_terminal is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_width > 0)
            {
                _terminal.Write("\r" + new string(' ', _width) + "\r");
                _terminal.Flush();
                _width = 0;
            }
        }
    }
}
