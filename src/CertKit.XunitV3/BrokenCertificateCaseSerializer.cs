using System.Diagnostics.CodeAnalysis;
using Xunit.Sdk;

namespace CertKit.XunitV3;

/// <summary>
/// Lets xUnit.net discover each <see cref="BrokenCertificateCase"/> row of a theory as a test of its own, named after the
/// case (<c>Hello_BrokenCertificate_Refused(brokenCase: expired)</c>), by writing a case as its
/// <see cref="BrokenCertificateCase.Name"/> and reading it back from <see cref="BrokenCertificateCase.All"/>.
/// </summary>
/// <example>
/// Register it once in the test assembly; then any <c>TheoryData&lt;BrokenCertificateCase&gt;</c> gives one test per case:
/// <code>
/// [assembly: RegisterXunitSerializer(typeof(BrokenCertificateCaseSerializer), typeof(BrokenCertificateCase))]
///
/// public static TheoryData&lt;BrokenCertificateCase&gt; Cases => new(BrokenCertificateCase.All);
///
/// [Theory]
/// [MemberData(nameof(Cases))]
/// public async Task MyClient_BrokenCertificate_Refuses(BrokenCertificateCase brokenCase) { ... }
/// </code>
/// </example>
/// <remarks>
/// Without the registration the theory still runs every case, but xUnit.net discovers it as one test and cannot run or
/// re-run a single case. xUnit.net reads serializer registrations from the test assembly only, so the attribute cannot
/// come with this package.
/// </remarks>
public sealed class BrokenCertificateCaseSerializer : IXunitSerializer
{
    /// <summary>Finds the case named <paramref name="serializedValue"/> in <see cref="BrokenCertificateCase.All"/>.</summary>
    /// <param name="type">The type to read: <see cref="BrokenCertificateCase"/>.</param>
    /// <param name="serializedValue">A case's <see cref="BrokenCertificateCase.Name"/>.</param>
    /// <returns>The case of that name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="type"/> or <paramref name="serializedValue"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="type"/> is not <see cref="BrokenCertificateCase"/>, or no case has that name
    /// (a test discovered with another version of CertKit).</exception>
    public object Deserialize(Type type, string serializedValue)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(serializedValue);
        if (type != typeof(BrokenCertificateCase))
        {
            throw new ArgumentException($"Type '{type}' is not {nameof(BrokenCertificateCase)}: register this serializer for {nameof(BrokenCertificateCase)} only.", nameof(type));
        }

        return BrokenCertificateCase.All.FirstOrDefault(c => c.Name == serializedValue)
            ?? throw new ArgumentException($"No broken-certificate case is named '{serializedValue}'; the cases are {string.Join(", ", BrokenCertificateCase.All)}. Discover the tests again.", nameof(serializedValue));
    }

    /// <summary>Whether <paramref name="value"/> can be written: a <see cref="BrokenCertificateCase"/>, or <see langword="null"/>.</summary>
    /// <param name="type">The declared type of the value.</param>
    /// <param name="value">The value.</param>
    /// <param name="failureReason">Why it cannot, when it cannot.</param>
    /// <returns><see langword="true"/> for a case or <see langword="null"/>.</returns>
    public bool IsSerializable(Type type, object? value, [NotNullWhen(false)] out string? failureReason)
    {
        if (value is null or BrokenCertificateCase)
        {
            failureReason = null;
            return true;
        }

        failureReason = $"{nameof(BrokenCertificateCaseSerializer)} writes {nameof(BrokenCertificateCase)} values only, not {value.GetType()}.";
        return false;
    }

    /// <summary>Writes a case as its <see cref="BrokenCertificateCase.Name"/>.</summary>
    /// <param name="value">A <see cref="BrokenCertificateCase"/>.</param>
    /// <returns>The case's name.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a <see cref="BrokenCertificateCase"/>.</exception>
    public string Serialize(object value) =>
        value is BrokenCertificateCase brokenCase
            ? brokenCase.Name
            : throw new ArgumentException($"{nameof(BrokenCertificateCaseSerializer)} writes {nameof(BrokenCertificateCase)} values only, not {value?.GetType().ToString() ?? "null"}.", nameof(value));
}
