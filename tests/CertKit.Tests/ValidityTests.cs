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
        using var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { TimeProvider = new FakeTimeProvider(then) });

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
        using var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { TimeProvider = new FakeTimeProvider(tomorrow) });

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

        using var cert = TemporaryCertificate.Create(new TemporaryCertificateOptions { NotBefore = notBefore, NotAfter = notAfter });

        Assert.AreEqual(notBefore.UtcDateTime, cert.Certificate.NotBefore.ToUniversalTime());
        Assert.AreEqual(new DateTime(2030, 2, 3, 4, 5, 6, DateTimeKind.Utc), cert.Certificate.NotAfter.ToUniversalTime());
    }

    [TestMethod]
    public void Create_LifetimeGiven_NotAfterIsNotBeforePlusLifetime()
    {
        var now = new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var options = new TemporaryCertificateOptions
        {
            TimeProvider = new FakeTimeProvider(now),
            Lifetime = TimeSpan.FromHours(1),
            ClockSkewAllowance = TimeSpan.Zero,
        };

        using var cert = TemporaryCertificate.Create(options);

        Assert.AreEqual(now.UtcDateTime, cert.Certificate.NotBefore.ToUniversalTime());
        Assert.AreEqual(now.AddHours(1).UtcDateTime, cert.Certificate.NotAfter.ToUniversalTime());
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-3600)]
    public void Create_NotAfterNotLaterThanNotBefore_ThrowsNamingBoth(int secondsAfter)
    {
        var notBefore = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var options = new TemporaryCertificateOptions { NotBefore = notBefore, NotAfter = notBefore.AddSeconds(secondsAfter) };

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TemporaryCertificate.Create(options));

        Assert.AreEqual(nameof(TemporaryCertificateOptions.NotAfter), e.ParamName);
        Assert.Contains(notBefore.AddSeconds(secondsAfter).ToString("O"), e.Message);
        Assert.Contains(notBefore.ToString("O"), e.Message);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-1)]
    public void Create_LifetimeNotPositive_ThrowsNamingIt(int minutes)
    {
        var options = new TemporaryCertificateOptions { Lifetime = TimeSpan.FromMinutes(minutes) };

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TemporaryCertificate.Create(options));

        Assert.AreEqual(nameof(TemporaryCertificateOptions.Lifetime), e.ParamName);
        Assert.Contains($"Lifetime {TimeSpan.FromMinutes(minutes)}", e.Message);
    }

    [TestMethod]
    public void Create_NegativeClockSkewAllowance_ThrowsNamingIt()
    {
        var options = new TemporaryCertificateOptions { ClockSkewAllowance = TimeSpan.FromSeconds(-1) };

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TemporaryCertificate.Create(options));

        Assert.AreEqual(nameof(TemporaryCertificateOptions.ClockSkewAllowance), e.ParamName);
        Assert.Contains("-00:00:01", e.Message);
    }

    [TestMethod]
    public void Create_LifetimePastYear9999_ThrowsNamingIt()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TemporaryCertificate.Create(new TemporaryCertificateOptions { Lifetime = TimeSpan.MaxValue }));

        Assert.AreEqual(nameof(TemporaryCertificateOptions.Lifetime), e.ParamName);
        Assert.Contains($"Lifetime {TimeSpan.MaxValue}", e.Message);
    }
}
