namespace CertKit.Cli;

/// <summary>What <c>certkit create</c> was asked to write.</summary>
internal sealed record FixtureRequest(
    DirectoryInfo Directory,
    IReadOnlyList<string> ServerNames,
    string KeyName,
    TimeSpan Lifetime,
    string? ClientName,
    int ChainDepth,
    bool Expired,
    bool NegativeCases,
    string? EnvironmentDirectory,
    bool Force);
