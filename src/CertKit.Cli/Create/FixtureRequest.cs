namespace CertKit.Cli;

/// <summary>What <c>certkit create</c> was asked to write.</summary>
internal sealed record FixtureRequest(
    DirectoryInfo Directory,
    IReadOnlyList<string> ServerNames,
    KeyAlgorithm KeyAlgorithm,
    TimeSpan Lifetime,
    string? ClientName,
    int ChainDepth,
    bool Expired,
    string? EnvironmentDirectory,
    bool Force);
