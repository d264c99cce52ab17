using System.Text;

namespace Codex.Protocol.Tests.Conformance;

/// <summary>The harness's own checks must catch what they are there to catch.</summary>
[TestFixture]
public sealed class HarnessSelfTests
{
    [TestCase("""{"jsonrpc":"2.0","id":1,"result":{}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":"a","result":null}""")]
    [TestCase("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"m","data":{"method":"x"}}}""")]
    [TestCase("""{"jsonrpc":"2.0","method":"codex/event","params":{"msg":{"type":"x","text":"a b\tc"}}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":0,"method":"elicitation/create","params":{}}""")]
    [TestCase("""{"jsonrpc":"2.0","method":"n","params":[1,2]}""")]
    [TestCase("""{"jsonrpc":"2.0","method":"n","params":{"s":"quote \" and backslash \\ and space"}}""")]
    public void Validate_ValidMessage_NoProblem(string line) =>
        Assert.That(JsonRpcLineValidator.Validate(Encoding.UTF8.GetBytes(line)), Is.Null);

    [TestCase("", "empty")]
    [TestCase("hello", "not JSON")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"result":{}}""" + "\r", "CR")]
    [TestCase("""{"id":1,"result":{}}""", "jsonrpc")]
    [TestCase("""{"jsonrpc":"1.0","id":1,"result":{}}""", "jsonrpc")]
    [TestCase("""[{"jsonrpc":"2.0","id":1,"result":{}}]""", "not a JSON object")]
    [TestCase("""{"jsonrpc":"2.0","id":1}""", "exactly one")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}}""", "exactly one")]
    [TestCase("""{"jsonrpc":"2.0","result":{}}""", "needs an 'id'")]
    [TestCase("""{"jsonrpc":"2.0","id":null,"result":{}}""", "result's id")]
    [TestCase("""{"jsonrpc":"2.0","id":1.5,"result":{}}""", "result's id")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}""", "'error'")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"error":"boom"}""", "'error'")]
    [TestCase("""{"jsonrpc":"2.0","method":5}""", "'method'")]
    [TestCase("""{"jsonrpc":"2.0","method":"n","params":"x"}""", "'params'")]
    [TestCase("""{"jsonrpc":"2.0","method":"n","id":{}}""", "request id")]
    [TestCase("""{"jsonrpc":"2.0","method":"n","result":1}""", "must not carry")]
    [TestCase("""{"jsonrpc":"2.0","method":"n","extra":1}""", "unexpected member")]
    [TestCase("""{"jsonrpc":"2.0", "method":"n"}""", "not compact")]
    [TestCase("""{"jsonrpc":"2.0","method":"n"} {"jsonrpc":"2.0","method":"n"}""", "not JSON")]
    public void Validate_InvalidLine_NamesTheProblem(string line, string problem) =>
        Assert.That(JsonRpcLineValidator.Validate(Encoding.UTF8.GetBytes(line)), Does.Contain(problem));

    [Test]
    public void Validate_InvalidUtf8_Problem() =>
        Assert.That(JsonRpcLineValidator.Validate([.. "{\"jsonrpc\":\"2.0\",\"method\":\"a"u8, 0xFF, .. "\"}"u8]), Does.Contain("UTF-8"));

    [Test]
    public async Task StdioServerProcess_NonProtocolStdout_ReportedAsViolations()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        const string script = """printf 'Starting up...\n{"jsonrpc":"2.0","id":1,"result":{}}\n{"jsonrpc":"2.0","method":"x"}'""";
        await using var process = StdioServerProcess.Start("/bin/sh", ["-c", script]);

        var message = await process.ReadMessageAsync(TimeSpan.FromSeconds(10), cts.Token);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(message.GetRawText(), Is.EqualTo("""{"jsonrpc":"2.0","id":1,"result":{}}"""));
            Assert.That(process.ProtocolViolations, Has.Count.EqualTo(2));
            Assert.That(process.ProtocolViolations[0], Does.Contain("Starting up..."));
            Assert.That(process.ProtocolViolations[1], Does.Contain("not terminated by LF"));
        }
    }

    [Test]
    public async Task StdioServerProcess_SilentServer_ReadTimesOutInsteadOfHanging()
    {
        await using var process = StdioServerProcess.Start("/bin/sh", ["-c", "sleep 30"]);

        var message = await process.TryReadMessageAsync(TimeSpan.FromMilliseconds(200));

        Assert.That(message, Is.Null);
    }

    [Test]
    public async Task StdioServerProcess_ProcessThatNeverExits_WaitForExitThrowsAndKillsIt()
    {
        await using var process = StdioServerProcess.Start("/bin/sh", ["-c", "sleep 30"], expectProtocol: false);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<TimeoutException>(() => process.WaitForExitAsync(TimeSpan.FromMilliseconds(300)));
        await process.Process.WaitForExitAsync(cts.Token);
        Assert.That(process.Process.HasExited, Is.True);
    }

    [Test]
    public void ServerLocator_ConfiguredFileMissing_FileNotFound() =>
        Assert.That(() => ServerLocator.Resolve("/nonexistent/codex-mcp-server", "/nonexistent/built"), Throws.InstanceOf<FileNotFoundException>().With.Message.Contain(ServerLocator.EnvironmentVariable));

    [Test]
    public void ServerLocator_Configured_WinsOverBuildOutput()
    {
        var root = Directory.CreateTempSubdirectory("codex-locator-").FullName;
        try
        {
            var server = Touch(Path.Combine(root, "custom", "server"), DateTime.UtcNow);
            var built = Touch(Path.Combine(root, "bin", "codex-mcp-server"), DateTime.UtcNow);

            Assert.That(ServerLocator.Resolve(server, built), Is.EqualTo(server));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void ServerLocator_NotConfigured_TheBuildOutput()
    {
        var root = Directory.CreateTempSubdirectory("codex-locator-").FullName;
        try
        {
            var built = Touch(Path.Combine(root, "bin", "codex-mcp-server"), DateTime.UtcNow);

            Assert.That(ServerLocator.Resolve(null, built), Is.EqualTo(built));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestCase(null)]
    [TestCase("/nonexistent/bin/codex-mcp-server")]
    public void ServerLocator_NothingBuilt_FileNotFoundWithInstructions(string? built) =>
        Assert.That(() => ServerLocator.Resolve(null, built), Throws.InstanceOf<FileNotFoundException>().With.Message.Contain("dotnet test").And.Message.Contain(ServerLocator.EnvironmentVariable));

    [Test]
    public void BuiltServerPath_TestProjectBuild_RecordsAnExistingApphost()
    {
        var built = ServerLocator.BuiltServerPath();

        Assert.That(built, Is.Not.Null, $"the test assembly lacks the {ServerLocator.BuildOutputMetadataKey} metadata");
        Assert.That(Path.GetFileName(built), Is.EqualTo("codex-mcp-server"));
        Assert.That(built, Does.Exist);
    }

    [Test]
    public void ServerLocator_RepositoryRoot_HoldsTheSolution() =>
        Assert.That(Path.Combine(ServerLocator.RepositoryRoot(), "Codex.sln"), Does.Exist);

    private static string Touch(string path, DateTime lastWriteUtc)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Empty);
        File.SetLastWriteTimeUtc(path, lastWriteUtc);
        return path;
    }
}
