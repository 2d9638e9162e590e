namespace CertKit.Cli.Tests;

/// <summary>A directory written by <c>certkit create</c> in a test's own temporary folder, deleted afterwards.</summary>
internal sealed class Fixture : IDisposable
{
    private readonly ScratchDirectory _scratch;

    private Fixture(ScratchDirectory scratch, string directory)
    {
        _scratch = scratch;
        Directory = directory;
    }

    public string Directory { get; }

    public string CaFile => PathOf("ca.pem");

    public string ServerCertificateFile => PathOf("server.pem");

    public string ServerKeyFile => PathOf("server.key");

    public string ClientCertificateFile => PathOf("client.pem");

    public string ClientKeyFile => PathOf("client.key");

    public string EnvironmentFile => PathOf(".env");

    /// <summary>Runs <c>certkit create --dir</c> with the given options and fails the test if it does not succeed.</summary>
    public static async Task<Fixture> CreateAsync(params string[] options)
    {
        var scratch = new ScratchDirectory();
        var directory = scratch.PathOf("fixture");
        var result = await CertKitTool.RunAsync(["create", "--dir", directory, .. options]);
        if (result.ExitCode != 0)
        {
            scratch.Dispose();
            Assert.Fail($"certkit create {string.Join(' ', options)} exited {result.ExitCode}: {result.Output}");
        }

        return new Fixture(scratch, directory);
    }

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>The variables of the fixture's .env file, read the way docker --env-file reads them.</summary>
    public IReadOnlyDictionary<string, string> Environment() => File.ReadAllLines(EnvironmentFile)
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.Split('=', 2))
        .ToDictionary(pair => pair[0], pair => pair[1]);

    public void Dispose() => _scratch.Dispose();
}
