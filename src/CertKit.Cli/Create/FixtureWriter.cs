using System.Text;

namespace CertKit.Cli;

/// <summary>Writes a fixture's files into its directory: all of them or none, keys owner-only from the moment they exist.</summary>
internal static class FixtureWriter
{
    public const string CaFile = "ca.pem";
    public const string ServerCertificateFile = "server.pem";
    public const string ServerKeyFile = "server.key";
    public const string ClientCertificateFile = "client.pem";
    public const string ClientKeyFile = "client.key";
    public const string EnvironmentFile = ".env";

    // Every fixture name, not only those a request writes: a client.pem left from an older fixture would sit next
    // to a CA that did not issue it.
    private static readonly string[] AllFileNames =
    [
        CaFile, ServerCertificateFile, ServerKeyFile, ClientCertificateFile, ClientKeyFile,
        .. FixtureLeaf.Negative.SelectMany(leaf => (string[])[leaf.CertificateFile, leaf.KeyFile]), FixtureLeaf.StrangerCaFile,
        EnvironmentFile,
    ];

    public static IReadOnlyList<(string Name, string Role)> Write(FixtureRequest request, TimeProvider time, TerminalProgress progress)
    {
        var directory = request.Directory.FullName;
        if (AllFileNames.FirstOrDefault(name => Directory.Exists(Path.Combine(directory, name))) is { } blocked)
        {
            throw new CliException($"{Path.Combine(directory, blocked)} is a directory where the fixture writes a file; remove it.");
        }

        var existing = AllFileNames.Where(name => File.Exists(Path.Combine(directory, name))).ToList();
        if (existing.Count > 0 && !request.Force)
        {
            throw new CliException($"{Path.Combine(directory, existing[0])} already exists; pass --force to replace the fixture.", ExitCodes.BadArguments);
        }

        // Everything is made before anything is written, so a bad --name leaves the directory as it was.
        var files = FixtureContent.Make(request, time, progress);

        Directory.CreateDirectory(directory);
        // Staged beside the fixture, so the final moves stay within one file system.
        var staging = Path.Combine(directory, ".certkit-staging-" + Path.GetRandomFileName());
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(staging);
        }
        else
        {
            Directory.CreateDirectory(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        try
        {
            foreach (var file in files)
            {
                WriteNewFile(Path.Combine(staging, file.Name), file.Content, file.Secret);
            }

            // Only now is the old fixture replaced: a failed write above leaves it whole.
            foreach (var name in existing)
            {
                File.Delete(Path.Combine(directory, name));
            }

            foreach (var file in files)
            {
                File.Move(Path.Combine(staging, file.Name), Path.Combine(directory, file.Name));
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }

        return [.. files.Select(file => (file.Name, file.Role))];
    }

    private static void WriteNewFile(string path, string content, bool secret)
    {
        // A new file gets its owner-only mode at creation, with no moment of wider access.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        using var stream = new FileStream(path, options);
        stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content.ReplaceLineEndings("\n")));
    }
}
