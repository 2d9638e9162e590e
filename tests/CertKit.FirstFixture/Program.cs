using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Runtime;
using CertKit;
using CertKit.Benchmarks;

// Usage: CertKit.FirstFixture naive|certkit
// Makes one fixture (Fixture.CertKit or RawBcl.NaiveFixture, the same work) as the first thing this fresh process does,
// and prints one line: "<mode> <milliseconds> <methods jitted> <JIT milliseconds> <assemblies loaded> <il|readytorun>".
// The time counts JIT and assembly loading, not process start. `dotnet run --project tests/CertKit.Benchmarks --
// first-fixture` runs it many times and compares; it lives apart because BenchmarkDotNet's processes are warm.
var mode = args.Length == 1 ? args[0] : throw new ArgumentException("usage: CertKit.FirstFixture naive|certkit");
var assembliesBefore = AppDomain.CurrentDomain.GetAssemblies().Length;
var methodsBefore = JitInfo.GetCompiledMethodCount();
var jitBefore = JitInfo.GetCompilationTime();
var clock = Stopwatch.StartNew();
switch (mode)
{
    case "naive":
        RawBcl.NaiveFixture(rsa: false);
        break;
    case "certkit":
        Fixture.CertKit();
        break;
    default:
        throw new ArgumentException($"mode '{mode}' is neither naive nor certkit", nameof(args));
}

var elapsed = clock.Elapsed;
var methods = JitInfo.GetCompiledMethodCount() - methodsBefore;
var jit = JitInfo.GetCompilationTime() - jitBefore;
var assemblies = AppDomain.CurrentDomain.GetAssemblies().Length - assembliesBefore;

// Which CertKit ran: the packed, ReadyToRun assembly or the project's IL build (read after the clock stopped).
using var pe = new PEReader(File.OpenRead(typeof(TemporaryCertificate).Assembly.Location));
var kind = pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0 ? "readytorun" : "il";
FormattableString line = $"{mode} {elapsed.TotalMilliseconds:F2} {methods} {jit.TotalMilliseconds:F2} {assemblies} {kind}";
Console.WriteLine(line.ToString(System.Globalization.CultureInfo.InvariantCulture));
