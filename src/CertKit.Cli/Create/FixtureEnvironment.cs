namespace CertKit.Cli;

/// <summary>The fixture's .env file: the variables that make other languages' TLS clients trust the fixture's CA.</summary>
internal static class FixtureEnvironment
{
    /// <summary>
    /// The file's text, with the paths checked: call it before anything is made. Values are written unquoted, as
    /// docker --env-file and dotenv read them, so a path a shell would split is refused.
    /// </summary>
    public static string Content(FixtureRequest request)
    {
        var root = request.EnvironmentDirectory ?? request.Directory.FullName;
        var option = request.EnvironmentDirectory is null ? "--dir" : "--env-dir";
        if (!root.StartsWith('/') && !Path.IsPathFullyQualified(root))
        {
            throw new CliException($"{option} '{root}' is not an absolute path, which the paths in .env must be.", ExitCodes.BadArguments);
        }

        // Backslash separates Windows paths, where no shell sources the file; elsewhere a shell would eat it.
        char[] unsafeCharacters = [' ', '\t', '\n', '\r', '"', '\'', '$', '`', ';', '&', '|', '<', '>', '(', ')', '*', '?', '#', '!', .. OperatingSystem.IsWindows() ? "" : "\\"];
        if (root.IndexOfAny(unsafeCharacters) is var bad and >= 0)
        {
            throw new CliException(
                $"{option} '{root}' contains '{root[bad]}', which a .env file cannot carry for both shells and docker --env-file; use a path without it, or --env-dir.",
                ExitCodes.BadArguments);
        }

        string PathOf(string file) => root.EndsWith('/') ? root + file : root + "/" + file;
        var caFile = PathOf(FixtureWriter.CaFile);
        var lines = new List<string>
        {
            "# Written by 'certkit create'. Load it with 'set -a; . ./.env; set +a', docker --env-file, or dotenv.",
            "# OpenSSL-based clients (Python ssl, Ruby, PHP, Go on Linux), requests, Node.js and curl then trust the fixture's CA.",
            "SSL_CERT_FILE=" + caFile,
            "REQUESTS_CA_BUNDLE=" + caFile,
            "NODE_EXTRA_CA_CERTS=" + caFile,
            "CURL_CA_BUNDLE=" + caFile,
            "CERTKIT_CA_FILE=" + caFile,
            "CERTKIT_SERVER_CERT_FILE=" + PathOf(FixtureWriter.ServerCertificateFile),
            "CERTKIT_SERVER_KEY_FILE=" + PathOf(FixtureWriter.ServerKeyFile),
        };
        if (request.ClientName is not null)
        {
            lines.Add("CERTKIT_CLIENT_CERT_FILE=" + PathOf(FixtureWriter.ClientCertificateFile));
            lines.Add("CERTKIT_CLIENT_KEY_FILE=" + PathOf(FixtureWriter.ClientKeyFile));
        }

        if (request.NegativeCases)
        {
            lines.Add("# Negative cases: server certificates a client trusting the CA above must refuse, each for one reason.");
            lines.Add("CERTKIT_STRANGER_CA_FILE=" + PathOf(FixtureLeaf.StrangerCaFile));
            foreach (var leaf in FixtureLeaf.Negative)
            {
                lines.Add($"{leaf.VariablePrefix}_CERT_FILE={PathOf(leaf.CertificateFile)}");
                lines.Add($"{leaf.VariablePrefix}_KEY_FILE={PathOf(leaf.KeyFile)}");
            }
        }

        return string.Join('\n', lines) + "\n";
    }
}
