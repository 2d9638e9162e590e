using BenchmarkDotNet.Running;
using CertKit.Benchmarks;

// dotnet run -c Release --project tests/CertKit.Benchmarks -- --filter '*'            (all, default job)
// dotnet run -c Release --project tests/CertKit.Benchmarks -- --filter '*' --job short (quicker, noisier)
// dotnet run -c Release --project tests/CertKit.Benchmarks -- first-fixture [rounds]   (a fresh process's first fixture)
if (args.Length > 0 && args[0] == "first-fixture")
{
    return FirstFixtureComparison.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 21);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
