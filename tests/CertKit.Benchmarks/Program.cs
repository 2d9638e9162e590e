using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/CertKit.Benchmarks -- --filter '*'            (all, default job)
// dotnet run -c Release --project tests/CertKit.Benchmarks -- --filter '*' --job short (quicker, noisier)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
