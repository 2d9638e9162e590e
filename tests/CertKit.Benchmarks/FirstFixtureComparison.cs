using System.Diagnostics;
using System.Globalization;

namespace CertKit.Benchmarks;

/// <summary>
/// The first fixture of a fresh process, CertKit against the naive BCL code: each run starts tests/CertKit.FirstFixture
/// once per mode, alternating, and the medians are compared. BenchmarkDotNet cannot measure this: its processes are warm.
/// </summary>
internal static class FirstFixtureComparison
{
    public static int Run(int rounds)
    {
        var child = FindChild();
        var results = new Dictionary<string, List<string[]>> { ["naive"] = [], ["certkit"] = [] };
        for (var round = 0; round < rounds; round++)
        {
            foreach (var mode in results.Keys)
            {
                results[mode].Add(RunChild(child, mode));
            }
        }

        Console.WriteLine($"First fixture in a fresh process, {rounds} processes per mode, alternating ({child}):");
        Console.WriteLine("mode     median ms   min ms   max ms   JIT methods   JIT ms   assemblies   CertKit");
        var medians = new Dictionary<string, double>();
        foreach (var (mode, runs) in results)
        {
            var times = runs.Select(r => Number(r[1])).Order().ToList();
            medians[mode] = times[times.Count / 2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{mode,-8} {medians[mode],9:F1} {times[0],8:F1} {times[^1],8:F1} {Median(runs, 2),13:F0} {Median(runs, 3),8:F1} {Median(runs, 4),12:F0}   {runs[0][5]}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio of medians, CertKit / naive: {medians["certkit"] / medians["naive"]:F2}"));
        return 0;
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static double Median(List<string[]> runs, int column)
    {
        var values = runs.Select(r => Number(r[column])).Order().ToList();
        return values[values.Count / 2];
    }

    private static string[] RunChild(string child, string mode)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { child, mode },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        var fields = line.Split(' ');
        return process.ExitCode == 0 && fields.Length == 6 && fields[0] == mode
            ? fields
            : throw new InvalidOperationException($"{child} {mode} exited {process.ExitCode} with '{line}'");
    }

    private static string FindChild()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CertKit.sln")))
        {
            directory = directory.Parent;
        }

        var child = directory is null
            ? null
            : Path.Combine(directory.FullName, "tests", "CertKit.FirstFixture", "bin", "Release", "net10.0", "CertKit.FirstFixture.dll");
        return child is not null && File.Exists(child)
            ? child
            : throw new InvalidOperationException("tests/CertKit.FirstFixture is not built: dotnet build tests/CertKit.FirstFixture -c Release (after dotnet pack src/CertKit -c Release -o artifacts/packages, to measure the package users get).");
    }
}
