using System.Globalization;
using CertKit;

// Usage: CertKit.CrashChild <count> [--exit]. Prints each certificate's directory, then READY, then waits to be killed
// (or, with --exit, returns from Main at once). It never disposes its certificates: that is the point. It gives up by
// itself after a minute, so a test that fails before killing it leaves no process behind for long.
var count = int.Parse(args[0], CultureInfo.InvariantCulture);
var certificates = Enumerable.Range(0, count).Select(_ => TemporaryCertificate.Create()).ToList();
foreach (var certificate in certificates)
{
    Console.WriteLine(certificate.WriteFiles().Directory);
}

Console.WriteLine("READY");
Console.Out.Flush();
if (args.Length > 1 && args[1] == "--exit")
{
    return;
}

Thread.Sleep(TimeSpan.FromMinutes(1));
GC.KeepAlive(certificates);
