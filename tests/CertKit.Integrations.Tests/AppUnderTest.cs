using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CertKit.Integrations.Tests;

/// <summary>Lets <c>WebApplicationFactory&lt;Program&gt;</c> find a content root for the app that lives in this test project.</summary>
[TestClass]
public static class AppUnderTest
{
    /// <summary>
    /// WebApplicationFactory looks for the content root of a referenced app project, then falls back to
    /// <c>&lt;solution directory&gt;/&lt;assembly name&gt;</c>, which does not exist here (the app is under tests/) and
    /// fails the host's start. Its documented override is the ASPNETCORE_TEST_CONTENTROOT_&lt;ASSEMBLY&gt; setting.
    /// A real app in its own project needs none of this.
    /// </summary>
    /// <param name="context">Unused.</param>
    [AssemblyInitialize]
    public static void UseOutputDirectoryAsContentRoot(TestContext context) =>
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CERTKIT_INTEGRATIONS_TESTS", AppContext.BaseDirectory);
}
