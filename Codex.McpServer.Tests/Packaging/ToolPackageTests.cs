using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using Codex.Protocol.Client;

namespace Codex.McpServer.Tests.Packaging;

/// <summary>
/// The server installs the .NET way: its tool packages (pointer, NativeAOT linux-x64, "any"
/// fallback) install with <c>dotnet tool install</c> from a local folder, and the installed command
/// answers <c>--version</c> and an MCP <c>initialize</c> over stdio. The packages are the ones
/// build/test.sh made (<c>CODEX_TOOL_PACKAGES</c>, else <c>artifacts/packages</c>), or are packed here.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ToolPackageTests
{
    private const string PackageId = "codex-mcp-server";
    private const string PackagesVariable = "CODEX_TOOL_PACKAGES";

    private static readonly string Version =
        typeof(ToolPackageTests).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    private string _root = null!;
    private string _toolPath = null!;
    private string _anyToolPath = null!;

    [OneTimeSetUp]
    public async Task InstallAsync()
    {
        _root = Directory.CreateTempSubdirectory("codex-tool-").FullName;
        string packages = await PackagesAsync();

        // Only the local folder as a source, and a private package cache: a cached package of the
        // same version from an earlier run must not stand in for the one under test.
        string config = Path.Combine(_root, "nuget.config");
        await File.WriteAllTextAsync(config, "<configuration><packageSources><clear /></packageSources></configuration>");
        _toolPath = Path.Combine(_root, "tools");
        await InstallAsync(PackageId, _toolPath, packages, config);

        // The fallback other platforms get, installed on its own (the pointer picks linux-x64 here).
        _anyToolPath = Path.Combine(_root, "tools-any");
        await InstallAsync($"{PackageId}.any", _anyToolPath, packages, config);
    }

    private async Task InstallAsync(string id, string toolPath, string packages, string config)
    {
        var install = await RunAsync("dotnet", ["tool", "install", "--tool-path", toolPath, "--add-source", packages,
            "--configfile", config, id, "--version", Version], _root, TimeSpan.FromMinutes(3),
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "nuget-cache") });
        Assert.That(install.ExitCode, Is.Zero, $"dotnet tool install {id} failed:\n{install.Output}");
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public void Install_OnLinuxX64_TheNativeBinaryFromTheRidPackage()
    {
        string native = Path.Combine(_toolPath, ".store", PackageId, Version, $"{PackageId}.linux-x64", Version, "tools", "any", "linux-x64", PackageId);

        Assert.That(native, Does.Exist);
        using var stream = File.OpenRead(native);
        var magic = new byte[4];
        stream.ReadExactly(magic);
        Assert.That(magic, Is.EqualTo(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }), "the linux-x64 package holds a native ELF binary");
    }

    [Test]
    public async Task InstalledCommand_Version_PrintsThePackageVersion()
    {
        var run = await RunAsync(Command(), ["--version"], _root, TimeSpan.FromSeconds(30));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Zero, run.Output);
            Assert.That(run.StandardOutput.Trim(), Is.EqualTo(Version));
        }
    }

    [Test]
    public void InstallAny_FrameworkDependent_TheManagedServer()
    {
        string store = Path.Combine(_anyToolPath, ".store", $"{PackageId}.any", Version, $"{PackageId}.any", Version, "tools", "net10.0", "any");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Path.Combine(store, $"{PackageId}.dll"), Does.Exist);
            Assert.That(Path.Combine(store, $"{PackageId}.runtimeconfig.json"), Does.Exist);
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task InstalledCommand_Initialize_AnswersAsTheServer(bool anyPackage)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var client = await CodexMcpClient.StartAsync(
            new CodexServerProcessOptions
            {
                FileName = anyPackage ? Path.Combine(_anyToolPath, PackageId) : Command(),
                WorkingDirectory = _root,
                Environment = new Dictionary<string, string?> { ["CODEX_HOME"] = Path.Combine(_root, "codex-home") },
            },
            cancellationToken: cts.Token);
        var tools = await client.ListToolsAsync(cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.Server.ServerInfo.Name, Is.EqualTo(PackageId));
            Assert.That(client.Server.ServerInfo.Version, Is.EqualTo(Version));
            Assert.That(tools.Select(t => t.Name), Is.SupersetOf(new[] { "codex", "codex-reply" }));
        }
    }

    [Test]
    public async Task PointerPackage_McpServerMetadata_NamesThisPackageAndVersion()
    {
        string pointer = Path.Combine(await PackagesAsync(), $"{PackageId}.{Version}.nupkg");
        using var archive = ZipFile.OpenRead(pointer);
        using var serverJson = JsonDocument.Parse(archive.GetEntry(".mcp/server.json")!.Open());
        var package = serverJson.RootElement.GetProperty("packages")[0];
        string nuspec = new StreamReader(archive.GetEntry($"{PackageId}.nuspec")!.Open()).ReadToEnd();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(serverJson.RootElement.GetProperty("version").GetString(), Is.EqualTo(Version));
            Assert.That(package.GetProperty("registryType").GetString(), Is.EqualTo("nuget"));
            Assert.That(package.GetProperty("identifier").GetString(), Is.EqualTo(PackageId));
            Assert.That(package.GetProperty("version").GetString(), Is.EqualTo(Version));
            Assert.That(package.GetProperty("environmentVariables").EnumerateArray().Select(v => v.GetProperty("name").GetString()),
                Is.SupersetOf(new[] { "OPENAI_API_KEY", "CODEX_HOME" }));
            Assert.That(nuspec, Does.Contain("<packageType name=\"McpServer\" />").And.Contain("<packageType name=\"DotnetTool\" />"));
        }
    }

    private string Command() => Path.Combine(_toolPath, PackageId);

    /// <summary>The folder holding the three packages of this version, packing them when none was made.</summary>
    private async Task<string> PackagesAsync()
    {
        string[] names = [$"{PackageId}.{Version}.nupkg", $"{PackageId}.linux-x64.{Version}.nupkg", $"{PackageId}.any.{Version}.nupkg"];
        foreach (string? candidate in new[] { Environment.GetEnvironmentVariable(PackagesVariable), Path.Combine(ServerLocator.RepositoryRoot(), "artifacts", "packages") })
        {
            if (!string.IsNullOrWhiteSpace(candidate) && names.All(n => File.Exists(Path.Combine(candidate, n))))
            {
                return candidate;
            }
        }

        string packed = Path.Combine(_root, "packages");
        if (!names.All(n => File.Exists(Path.Combine(packed, n))))
        {
            await PackAsync(packed);
        }

        return packed;
    }

    /// <summary>What build/common.sh pack_server does. The NativeAOT pack needs clang and zlib1g-dev.</summary>
    private static async Task PackAsync(string output)
    {
        string project = Path.Combine(ServerLocator.RepositoryRoot(), "Codex.McpServer", "Codex.McpServer.csproj");
        string configuration = typeof(ToolPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        // The pointer package holds no binaries and comes from the build these tests run (a tool
        // pack rebuilds without the apphost, deleting the one the other tests start).
        string[][] packs = [["--no-build"], ["-r", "linux-x64"], ["-r", "any", "-p:PublishAot=false"]];
        foreach (string[] extra in packs)
        {
            var pack = await RunAsync("dotnet", ["pack", project, "-c", configuration, "-o", output, "--nologo", .. extra], Path.GetDirectoryName(project)!, TimeSpan.FromMinutes(20));
            Assert.That(pack.ExitCode, Is.Zero, $"dotnet pack {string.Join(' ', extra)} failed (the NativeAOT package needs clang and zlib1g-dev):\n{pack.Output}");
        }
    }

    private static async Task<(int ExitCode, string StandardOutput, string Output)> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("CODEX_MCP_SERVER");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        string output = await stdout;
        return (process.ExitCode, output, output + await stderr);
    }
}
