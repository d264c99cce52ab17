using System.Text.Json;
using Codex.Protocol.Tests.Conformance;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Codex.Protocol.Tests.Interop;

/// <summary>
/// The official MCP C# client (ModelContextProtocol.Core) drives our server binary over stdio:
/// its handshake, tool listing, ping and a tool call with bad arguments all work.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class OfficialClientInteropTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(45);

    [TestCase(null)]
    [TestCase("2025-11-25")]
    [TestCase("2025-06-18")]
    [TestCase("2024-11-05")]
    public async Task CreateAsync_ProtocolVersion_HandshakeCompletesWithOurServerInfo(string? protocolVersion)
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var session = await Session.ConnectAsync(protocolVersion, cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(session.Client.ServerInfo?.Name, Is.EqualTo("codex-mcp-server"));
            Assert.That(session.Client.ServerInfo?.Title, Is.EqualTo("Codex"));
            Assert.That(session.Client.ServerCapabilities?.Tools?.ListChanged, Is.True);
            Assert.That(session.Client.NegotiatedProtocolVersion, Is.EqualTo(protocolVersion ?? "2025-11-25"));
        }
    }

    [Test]
    public async Task ListToolsAsync_Connected_CodexAndCodexReplyWithTheirSchemas()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var session = await Session.ConnectAsync(null, cts.Token);

        var tools = await session.Client.ListToolsAsync(cancellationToken: cts.Token);

        var codex = tools.Single(t => t.Name == "codex").ProtocolTool;
        var reply = tools.Single(t => t.Name == "codex-reply").ProtocolTool;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tools.Select(t => t.Name), Is.EqualTo(new[] { "codex", "codex-reply", "codex-status", "codex-cancel", "codex-approve" }));
            Assert.That(codex.Title, Is.EqualTo("Codex"));
            Assert.That(reply.Title, Is.EqualTo("Codex Reply"));
            Assert.That(PropertyNames(codex.InputSchema), Is.SupersetOf(new[] { "prompt", "model", "cwd", "approval-policy", "sandbox", "config", "base-instructions", "developer-instructions", "compact-prompt" }));
            Assert.That(Required(codex.InputSchema), Is.EqualTo(new[] { "prompt" }));
            Assert.That(PropertyNames(reply.InputSchema), Is.EquivalentTo(new[] { "prompt", "threadId", "conversationId", "background", "reasoning-effort", "reasoning-summary", "images" }));
            Assert.That(Required(reply.InputSchema), Is.EqualTo(new[] { "prompt" }));
            Assert.That(codex.OutputSchema, Is.Not.Null);
            Assert.That(PropertyNames(codex.OutputSchema!.Value), Is.SupersetOf(new[] { "threadId", "content" }));
            Assert.That(PropertyNames(reply.OutputSchema!.Value), Is.SupersetOf(new[] { "threadId", "content" }));
        }
    }

    [Test]
    public async Task PingAsync_Twice_AnsweredAndSessionStaysOpen()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var session = await Session.ConnectAsync(null, cts.Token);

        await session.Client.PingAsync(cancellationToken: cts.Token);
        await session.Client.PingAsync(cancellationToken: cts.Token);

        Assert.That(session.Client.Completion.IsCompleted, Is.False, "the session is still open after two pings");
    }

    [Test]
    public async Task CallToolAsync_CodexReplyWithoutConversation_IsErrorWithTheReason()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var session = await Session.ConnectAsync(null, cts.Token);

        var result = await session.Client.CallToolAsync("codex-reply", new Dictionary<string, object?> { ["prompt"] = "continue" }, cancellationToken: cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsError, Is.True);
            Assert.That(result.Content.OfType<TextContentBlock>().Select(b => b.Text), Is.EqualTo(new[] { "Failed to parse thread_id: either threadId or conversationId must be provided" }));
        }
    }

    [Test]
    public async Task CallToolAsync_CodexReplyWithAWrongType_IsError()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var session = await Session.ConnectAsync(null, cts.Token);

        var result = await session.Client.CallToolAsync("codex-reply", new Dictionary<string, object?> { ["prompt"] = 42, ["threadId"] = "0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10" }, cancellationToken: cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsError, Is.True);
            Assert.That(result.Content.OfType<TextContentBlock>().First().Text, Does.StartWith("Failed to parse configuration for Codex tool: "));
        }
    }

    [Test]
    public async Task CallToolAsync_UnknownTool_IsError()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var session = await Session.ConnectAsync(null, cts.Token);

        var result = await session.Client.CallToolAsync("nope", new Dictionary<string, object?>(), cancellationToken: cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsError, Is.True);
            Assert.That(result.Content.OfType<TextContentBlock>().First().Text, Does.StartWith("Unknown tool 'nope'"));
        }
    }

    private static IEnumerable<string> PropertyNames(JsonElement schema) =>
        schema.GetProperty("properties").EnumerateObject().Select(p => p.Name);

    private static string?[] Required(JsonElement schema) =>
        [.. schema.GetProperty("required").EnumerateArray().Select(e => e.GetString())];

    /// <summary>A connected official client and the temporary CODEX_HOME of its server.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly string _codexHome;

        private Session(McpClient client, string codexHome)
        {
            Client = client;
            _codexHome = codexHome;
        }

        public McpClient Client { get; }

        public static async Task<Session> ConnectAsync(string? protocolVersion, CancellationToken cancellationToken)
        {
            var codexHome = Directory.CreateTempSubdirectory("codex-interop-").FullName;
            try
            {
                var server = ServerLocator.ServerCommand();
                var transport = new StdioClientTransport(new StdioClientTransportOptions
                {
                    Command = server.FileName,
                    Arguments = [.. server.Arguments],
                    Name = "codex",
                    WorkingDirectory = codexHome,
                    EnvironmentVariables = new Dictionary<string, string?> { ["CODEX_HOME"] = codexHome },
                    ShutdownTimeout = TimeSpan.FromSeconds(5),
                });
                var options = new McpClientOptions
                {
                    ClientInfo = new Implementation { Name = "interop-test", Version = "1.0.0" },
                    ProtocolVersion = protocolVersion,
                    InitializationTimeout = TimeSpan.FromSeconds(30),
                };
                var client = await McpClient.CreateAsync(transport, options, cancellationToken: cancellationToken);
                return new Session(client, codexHome);
            }
            catch
            {
                Directory.Delete(codexHome, recursive: true);
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            Directory.Delete(_codexHome, recursive: true);
        }
    }
}
