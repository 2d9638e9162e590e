namespace CertKit.Tests.Support;

/// <summary>Where a test assembly runs: <c>&lt;repository&gt;/tests/&lt;project&gt;/bin/&lt;configuration&gt;/&lt;framework&gt;/</c>.</summary>
internal static class TestOutput
{
    private static readonly DirectoryInfo Directory = new(AppContext.BaseDirectory);

    public static string RepositoryRoot => Directory.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>The path of <paramref name="fileName"/> in another project's build output, same configuration and framework as this one.</summary>
    /// <param name="projectDirectory">The project's folder, relative to the repository, such as <c>tests/CertKit.CrashChild</c>.</param>
    /// <param name="fileName">The file in its output folder.</param>
    public static string OfProject(string projectDirectory, string fileName) =>
        Path.Combine(RepositoryRoot, projectDirectory, "bin", Directory.Parent!.Name, Directory.Name, fileName);
}
