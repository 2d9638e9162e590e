using Xunit;

namespace CertKit.XunitV3.Tests;

public sealed class BrokenCertificateCaseSerializerTests
{
    private readonly BrokenCertificateCaseSerializer _serializer = new();

    [Fact]
    public void SerializeDeserialize_EveryCase_SameInstanceBack()
    {
        foreach (var brokenCase in BrokenCertificateCase.All)
        {
            var text = _serializer.Serialize(brokenCase);

            Assert.Equal(brokenCase.Name, text);
            Assert.Same(brokenCase, _serializer.Deserialize(typeof(BrokenCertificateCase), text));
        }
    }

    [Fact]
    public void IsSerializable_CaseOrNull_True()
    {
        Assert.True(_serializer.IsSerializable(typeof(BrokenCertificateCase), BrokenCertificateCase.Expired, out var reason));
        Assert.Null(reason);
        Assert.True(_serializer.IsSerializable(typeof(BrokenCertificateCase), null, out _));
    }

    [Fact]
    public void IsSerializable_OtherValue_FalseNamingItsType()
    {
        Assert.False(_serializer.IsSerializable(typeof(object), "expired", out var reason));
        Assert.Contains("System.String", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UnknownName_ThrowsNamingItAndTheCases()
    {
        var error = Assert.Throws<ArgumentException>("serializedValue", () => _serializer.Deserialize(typeof(BrokenCertificateCase), "no-such-case"));

        Assert.Contains("'no-such-case'", error.Message, StringComparison.Ordinal);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_OtherType_Throws() =>
        Assert.Throws<ArgumentException>("type", () => _serializer.Deserialize(typeof(string), "expired"));

    [Fact]
    public void Serialize_OtherValue_Throws() =>
        Assert.Throws<ArgumentException>("value", () => _serializer.Serialize("expired"));
}
