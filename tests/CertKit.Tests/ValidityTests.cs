using System.Net.Security;
using CertKit.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CertKit.Tests;

[TestClass]
public sealed class ValidityTests
{
    [TestMethod]
    public async Task Create_ClockThirtyDaysBehind_CertificateExpiredTodayButValidThen()
    {
        var then = DateTimeOffset.UtcNow.AddDays(-30);
        using var cert = TemporaryCertificate.Create(new CertificateOptions { TimeProvider = new FakeTimeProvider(then) });

        var today = await LoopbackTls.HandshakeAsync(cert.Certificate, cert.Certificate);
        var backThen = await LoopbackTls.HandshakeAsync(cert.Certificate, cert.Certificate, verificationTime: then.AddHours(1).UtcDateTime);

        Assert.IsFalse(today.Succeeded, today.ToString());
        Assert.AreEqual(SslPolicyErrors.RemoteCertificateChainErrors, today.PolicyErrors);
        Assert.AreEqual(X509ChainStatusFlags.NotTimeValid, today.ChainStatus);
        Assert.IsTrue(backThen.Succeeded, backThen.ToString());
    }

    [TestMethod]
    public async Task Create_ClockOneDayAhead_CertificateNotYetValid()
    {
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1);
        using var cert = TemporaryCertificate.Create(new CertificateOptions { TimeProvider = new FakeTimeProvider(tomorrow) });

        var today = await LoopbackTls.HandshakeAsync(cert.Certificate, cert.Certificate);
        var fromTomorrow = await LoopbackTls.HandshakeAsync(cert.Certificate, cert.Certificate, verificationTime: tomorrow.AddHours(1).UtcDateTime);

        Assert.IsFalse(today.Succeeded, today.ToString());
        Assert.AreEqual(X509ChainStatusFlags.NotTimeValid, today.ChainStatus);
        Assert.IsTrue(fromTomorrow.Succeeded, fromTomorrow.ToString());
    }

    [TestMethod]
    public void Create_NotBeforeAndNotAfterGiven_UsesThemToTheSecond()
    {
        var notBefore = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
        var notAfter = new DateTimeOffset(2030, 2, 3, 4, 5, 6, 999, TimeSpan.Zero);

        using var cert = TemporaryCertificate.Create(new CertificateOptions { NotBefore = notBefore, NotAfter = notAfter });

        Assert.AreEqual(notBefore.UtcDateTime, cert.Certificate.NotBefore.ToUniversalTime());
        Assert.AreEqual(new DateTime(2030, 2, 3, 4, 5, 6, DateTimeKind.Utc), cert.Certificate.NotAfter.ToUniversalTime());
    }

    [TestMethod]
    public void Create_NotAfterGivenOnly_NotBeforeIsFiveMinutesBeforeTheClock()
    {
        // Lifetime and ClockSkewAllowance are gone: NotAfter and NotBefore say it directly.
        var now = new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var options = new CertificateOptions { TimeProvider = new FakeTimeProvider(now), NotAfter = now.AddHours(1) };

        using var cert = TemporaryCertificate.Create(options);

        Assert.AreEqual(now.AddMinutes(-5).UtcDateTime, cert.Certificate.NotBefore.ToUniversalTime());
        Assert.AreEqual(now.AddHours(1).UtcDateTime, cert.Certificate.NotAfter.ToUniversalTime());
    }

    [TestMethod]
    [DataRow(-60, DisplayName = "in the past")]
    [DataRow(0, DisplayName = "exactly now")]
    [DataRow(60, DisplayName = "in the future")]
    public void Create_NotBeforeGivenOnly_NotAfterIsSevenDaysLater(int minutesFromNow)
    {
        var now = new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var notBefore = now.AddMinutes(minutesFromNow);

        using var cert = TemporaryCertificate.Create(new CertificateOptions { TimeProvider = new FakeTimeProvider(now), NotBefore = notBefore });

        Assert.AreEqual(notBefore.UtcDateTime, cert.Certificate.NotBefore.ToUniversalTime());
        Assert.AreEqual(notBefore.AddDays(7).UtcDateTime, cert.Certificate.NotAfter.ToUniversalTime());
    }

    [TestMethod]
    public void CreateAuthority_NotBeforeGivenOnly_NotAfterIsThirtyDaysLater()
    {
        var notBefore = DateTimeOffset.UtcNow.AddDays(-2);

        using var ca = TestCertificateAuthority.Create(new CertificateOptions { NotBefore = notBefore });

        Assert.AreEqual(new DateTimeOffset(notBefore.Ticks - (notBefore.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).UtcDateTime, ca.Certificate.Certificate.NotBefore.ToUniversalTime());
        Assert.AreEqual(ca.Certificate.Certificate.NotBefore.AddDays(30), ca.Certificate.Certificate.NotAfter);
    }

    [TestMethod]
    public async Task Issue_AuthorityOnClockThirtyDaysBehind_LeafExpiredTodayButValidThenAndAuthorityStillValid()
    {
        // A leaf cannot start before its authority, so the authority of an expired leaf is made on the same past clock.
        var now = DateTimeOffset.UtcNow;
        var then = now.AddDays(-30);
        using var ca = TestCertificateAuthority.Create(new CertificateOptions { TimeProvider = new FakeTimeProvider(then), NotAfter = now.AddDays(30) });
        using var expired = ca.IssueServerCertificate("localhost");
        using var current = ca.Issue(new CertificateOptions { TimeProvider = TimeProvider.System });

        var today = await LoopbackTls.HandshakeAsync(expired.Certificate, ca.Certificate.Certificate);
        var backThen = await LoopbackTls.HandshakeAsync(expired.Certificate, ca.Certificate.Certificate, verificationTime: then.AddHours(1).UtcDateTime);
        var control = await LoopbackTls.HandshakeAsync(current.Certificate, ca.Certificate.Certificate);

        Assert.IsLessThan(TimeSpan.FromSeconds(1), (then.AddMinutes(-5).AddDays(7).UtcDateTime - expired.Certificate.NotAfter.ToUniversalTime()).Duration(), "the leaf took the authority's clock");
        Assert.IsFalse(today.Succeeded, today.ToString());
        Assert.AreEqual(X509ChainStatusFlags.NotTimeValid, today.ChainStatus, "only the leaf is out of date");
        Assert.IsTrue(backThen.Succeeded, backThen.ToString());
        Assert.IsTrue(control.Succeeded, control.ToString());
    }

    [TestMethod]
    public void Issue_ExplicitNotBeforeBeforeFreshAuthority_ThrowsArgumentOutOfRange()
    {
        // The 0.1 way to make an expired leaf (a fresh authority, a leaf dated in the past) is now refused.
        using var fresh = TestCertificateAuthority.Create();
        var now = DateTimeOffset.UtcNow;

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => fresh.Issue(new CertificateOptions { NotBefore = now.AddDays(-3), NotAfter = now.AddDays(-1) }));

        Assert.AreEqual(nameof(CertificateOptions.NotBefore), e.ParamName);
        Assert.Contains(fresh.Certificate.Certificate.NotBefore.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-3600)]
    public void Create_NotAfterNotLaterThanNotBefore_ThrowsNamingBoth(int secondsAfter)
    {
        var notBefore = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var options = new CertificateOptions { NotBefore = notBefore, NotAfter = notBefore.AddSeconds(secondsAfter) };

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TemporaryCertificate.Create(options));

        Assert.AreEqual(nameof(CertificateOptions.NotAfter), e.ParamName);
        Assert.Contains(notBefore.AddSeconds(secondsAfter).ToString("O"), e.Message);
        Assert.Contains(notBefore.ToString("O"), e.Message);
    }

    [TestMethod]
    [DataRow(-5, DisplayName = "equal to the default NotBefore")]
    [DataRow(-60, DisplayName = "before the default NotBefore")]
    public void Create_NotAfterNotLaterThanDefaultNotBefore_ThrowsNamingIt(int minutesFromNow)
    {
        var now = new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var options = new CertificateOptions { TimeProvider = new FakeTimeProvider(now), NotAfter = now.AddMinutes(minutesFromNow) };

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TemporaryCertificate.Create(options));

        Assert.AreEqual(nameof(CertificateOptions.NotAfter), e.ParamName);
        Assert.Contains(now.AddMinutes(-5).ToString("O"), e.Message);
    }

    [TestMethod]
    public void Create_NotBeforeNearYear9999_ThrowsNamingIt()
    {
        var notBefore = new DateTimeOffset(9999, 12, 30, 0, 0, 0, TimeSpan.Zero);

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TemporaryCertificate.Create(new CertificateOptions { NotBefore = notBefore }));

        Assert.AreEqual(nameof(CertificateOptions.NotBefore), e.ParamName);
        Assert.Contains("falls outside the years 1-9999", e.Message);
    }
}
