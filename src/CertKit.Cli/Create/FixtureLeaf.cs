namespace CertKit.Cli;

/// <summary>
/// A certificate of a fixture that a server can present (<c>certkit serve --certificate NAME</c>): its files, the root
/// it chains to, and, for the negative cases of <c>certkit create --negative-cases</c>, why a client trusting
/// <c>ca.pem</c> must refuse it.
/// </summary>
internal sealed record FixtureLeaf(string Name, string CertificateFile, string KeyFile, string RootFile, string? RefusedAs, string? OpenSslSays)
{
    /// <summary>The one name the wrong-host certificate carries: .invalid is reserved never to resolve (RFC 6761).</summary>
    public const string WrongHostName = "wrong-host.invalid";

    public const string StrangerCaFile = "stranger-ca.pem";

    public static FixtureLeaf Server { get; } = new("server", FixtureWriter.ServerCertificateFile, FixtureWriter.ServerKeyFile, FixtureWriter.CaFile, null, null);

    public static FixtureLeaf Expired { get; } = new("expired", "expired.pem", "expired.key", FixtureWriter.CaFile,
        "as expired", "certificate has expired");

    public static FixtureLeaf NotYetValid { get; } = new("not-yet-valid", "not-yet-valid.pem", "not-yet-valid.key", FixtureWriter.CaFile,
        "as not yet valid", "certificate is not yet valid");

    public static FixtureLeaf WrongHost { get; } = new("wrong-host", "wrong-host.pem", "wrong-host.key", FixtureWriter.CaFile,
        "as a name mismatch", "hostname mismatch");

    public static FixtureLeaf Stranger { get; } = new("stranger", "stranger.pem", "stranger.key", StrangerCaFile,
        "as from an unknown issuer", "unable to get local issuer certificate");

    /// <summary>What <c>--negative-cases</c> adds, in the order the files are listed.</summary>
    public static IReadOnlyList<FixtureLeaf> Negative { get; } = [Expired, NotYetValid, WrongHost, Stranger];

    public static IReadOnlyList<FixtureLeaf> All { get; } = [Server, .. Negative];

    /// <summary>The .env variable prefix: CERTKIT_NOT_YET_VALID for not-yet-valid.</summary>
    public string VariablePrefix => "CERTKIT_" + Name.ToUpperInvariant().Replace('-', '_');
}
