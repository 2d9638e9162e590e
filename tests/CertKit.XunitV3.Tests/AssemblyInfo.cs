using CertKit;
using CertKit.XunitV3;
using Xunit;
using Xunit.Sdk;

// One authority for every test of the assembly, as docs/xunit-v3.md shows; the inner run's tests read it too.
[assembly: AssemblyFixture(typeof(CertificateAuthorityFixture))]

// Each BrokenCertificateCase row is discovered as a test of its own.
[assembly: RegisterXunitSerializer(typeof(BrokenCertificateCaseSerializer), typeof(BrokenCertificateCase))]
