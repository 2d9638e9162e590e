using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using CertKit.Tests.Support;

namespace CertKit.Tests.Packaging;

/// <summary>
/// The assembly inside each packed package exposes the public types and members its PublicAPI.*.txt files declare,
/// by name: none missing, none extra. The analyzers check signatures in the build; this checks what users download
/// (a stale or wrong DLL in the package fails here). Read from metadata only, so nothing in the package is loaded or run.
/// </summary>
[TestClass]
public sealed partial class PackedApiTests
{
    [TestMethod]
    [DataRow("CertKit")]
    [DataRow("CertKit.AspNetCore")]
    [DataRow("CertKit.MSTest")]
    [DataRow("CertKit.XunitV3")]
    [DataRow("CertKit.NUnit")]
    [DataRow("CertKit.TUnit")]
    public void PackedAssembly_PublicSurface_EqualsPublicApiFiles(string packageId)
    {
        var repository = TestOutput.RepositoryRoot;
        var declared = DeclaredApi(Path.Combine(repository, "src", packageId));
        var packed = PackedApi(FindPackage(repository, packageId), $"lib/net10.0/{packageId}.dll");

        var missing = declared.Except(packed).Order().ToList();
        var extra = packed.Except(declared).Order().ToList();

        Assert.IsEmpty(missing, $"declared in src/{packageId}/PublicAPI.*.txt but not in the package: {string.Join(", ", missing)}");
        Assert.IsEmpty(extra, $"public in the package but not declared: {string.Join(", ", extra)}");
        Assert.IsGreaterThan(3, declared.Count, "the API files were read");
    }

    [TestMethod]
    public void BuiltAssembly_PublicSurface_EqualsPublicApiFiles()
    {
        // The same comparison on the CertKit.dll these tests run against, so it holds even where nothing is packed.
        var declared = DeclaredApi(Path.Combine(TestOutput.RepositoryRoot, "src", "CertKit"));
        using var dll = File.OpenRead(typeof(TemporaryCertificate).Assembly.Location);
        var built = PublicNames(dll);

        var missing = declared.Except(built).Order().ToList();
        var extra = built.Except(declared).Order().ToList();

        Assert.IsEmpty(missing, $"declared in src/CertKit/PublicAPI.*.txt but not built: {string.Join(", ", missing)}");
        Assert.IsEmpty(extra, $"public in CertKit.dll but not declared: {string.Join(", ", extra)}");
        Assert.Contains("CertKit.CertificateOptions", built);
        Assert.Contains("CertKit.TemporaryCertificate.WriteFiles", built);
        Assert.DoesNotContain("CertKit.TemporaryCertificate.PfxPath.get", built, "0.1 getters that wrote files are gone");
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void PackedCertKit_OnLinuxX64_IsReadyToRunWithItsIlIntact()
    {
        // CertKit.csproj precompiles the packed assembly on a linux-x64 machine (so that a process's first certificate
        // does not wait for the JIT); the IL and metadata stay, for every other platform to compile as usual.
        if (System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            Assert.Inconclusive("CertKit is packed ReadyToRun only on linux-x64.");
        }

        var package = FindPackage(TestOutput.RepositoryRoot, "CertKit");
        using var packed = new MemoryStream(Entry(package, "lib/net10.0/CertKit.dll"));
        using var built = File.OpenRead(typeof(TemporaryCertificate).Assembly.Location);
        using var packedPe = new PEReader(packed);
        using var builtPe = new PEReader(built);

        Assert.IsGreaterThan(0, packedPe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size, "the packed CertKit.dll has a ReadyToRun header");
        Assert.AreEqual(0, builtPe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size, "the build the tests run is IL only: they test the JIT path");
        Assert.AreEqual(Machine.Amd64, packedPe.PEHeaders.CoffHeader.Machine ^ (Machine)0x7B79, "compiled for x64 on Linux (the runtime's OS-specific machine value)");
        CollectionAssert.AreEqual(
            PublicNames(new MemoryStream(Entry(package, "lib/net10.0/CertKit.dll"))).Order().ToList(),
            PublicNames(File.OpenRead(typeof(TemporaryCertificate).Assembly.Location)).Order().ToList(),
            "the same metadata as the IL build");
    }

    [TestMethod]
    public void DeclaredApi_SignatureLines_ReduceToTypeAndMemberNames()
    {
        var directory = Directory.CreateTempSubdirectory("certkit-api-test-").FullName;
        try
        {
            File.WriteAllLines(Path.Combine(directory, "PublicAPI.Shipped.txt"), ["#nullable enable", "N.T", "override N.T.ToString() -> string!"]);
            File.WriteAllLines(Path.Combine(directory, "PublicAPI.Unshipped.txt"),
                ["static N.T.P.get -> int", "N.T.Log<TState>(TState state) -> void", "N.E.One = 1 -> N.E", "N.T.T() -> void", ""]);

            var names = DeclaredApi(directory);

            CollectionAssert.AreEquivalent(new[] { "N.T", "N.T.ToString", "N.T.P.get", "N.T.Log", "N.E.One", "N.T.T" }, names.ToArray());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static HashSet<string> DeclaredApi(string projectDirectory) =>
        [.. new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" }
            .SelectMany(file => File.ReadAllLines(Path.Combine(projectDirectory, file)))
            // *REMOVED* lines record what an Unshipped file takes away from Shipped; they name nothing in the assembly.
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith("*REMOVED*", StringComparison.Ordinal))
            .Select(line => DeclaredName().Match(line).Groups["name"].Value)];

    private static HashSet<string> PackedApi(string package, string entryName)
    {
        using var buffer = new MemoryStream(Entry(package, entryName));
        return PublicNames(buffer);
    }

    private static byte[] Entry(string package, string entryName)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.GetEntry(entryName) ?? throw new AssertFailedException($"{package} has no {entryName}");
        using var buffer = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        return buffer.ToArray();
    }

    /// <summary>The public types and members of an assembly, named as <see cref="DeclaredApi"/> names them.</summary>
    private static HashSet<string> PublicNames(Stream assembly)
    {
        using var pe = new PEReader(assembly, PEStreamOptions.LeaveOpen);
        var metadata = pe.GetMetadataReader();
        var names = new HashSet<string>();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if ((type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public)
            {
                continue;
            }

            var shortName = metadata.GetString(type.Name).Split('`')[0];
            var typeName = $"{metadata.GetString(type.Namespace)}.{shortName}";
            names.Add(typeName);
            foreach (var method in type.GetMethods().Select(metadata.GetMethodDefinition).Where(m => (m.Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public))
            {
                var name = metadata.GetString(method.Name);
                names.Add(typeName + "." + name switch
                {
                    ".ctor" => shortName,
                    _ when name.StartsWith("get_", StringComparison.Ordinal) && method.Attributes.HasFlag(MethodAttributes.SpecialName) => name[4..] + ".get",
                    _ when name.StartsWith("set_", StringComparison.Ordinal) && method.Attributes.HasFlag(MethodAttributes.SpecialName) => name[4..] + ".set",
                    _ => name,
                });
            }

            foreach (var field in type.GetFields().Select(metadata.GetFieldDefinition).Where(f => (f.Attributes & FieldAttributes.FieldAccessMask) == FieldAttributes.Public && !f.Attributes.HasFlag(FieldAttributes.SpecialName)))
            {
                names.Add(typeName + "." + metadata.GetString(field.Name));
            }
        }

        return names;
    }

    private static string FindPackage(string repository, string packageId)
    {
        var feed = Path.Combine(repository, "artifacts", "packages");
        var package = Directory.Exists(feed)
            ? Directory.GetFiles(feed, "*.nupkg")
                .Where(path => Regex.IsMatch(Path.GetFileName(path), $@"^{Regex.Escape(packageId)}\.\d+\.\d+\.\d+(-[\w.]+)?\.nupkg$"))
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault()
            : null;
        if (package is null)
        {
            Assert.Inconclusive($"{packageId} is not packed in {feed}: run 'dotnet pack src/{packageId} -c Release -o artifacts/packages' first (.ci/run does).");
        }

        return package;
    }

    /// <summary>A Roslyn PublicAPI line, reduced to the type or member it names: modifiers, generic parameters and signature dropped.</summary>
    [GeneratedRegex(@"^(?:(?:override|static|const|abstract|virtual|sealed|readonly|new)\s+)*(?<name>[\w.]+?)(?:<[^>]*>)?(?:\(|\s->|\s=|$)")]
    private static partial Regex DeclaredName();
}
