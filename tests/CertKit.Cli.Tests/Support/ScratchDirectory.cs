namespace CertKit.Cli.Tests;

/// <summary>A temporary directory of one test's own, deleted with everything in it when the test ends.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("certkit-cli-test-").FullName;

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
