using System.Text.Json;
using Codex.Protocol.Tests.Conformance;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Codex.Protocol.Tests.Interop;

/// <summary>
/// The official MCP C# SDK (ModelContextProtocol.Core 2.4.0) through a whole conversation against
/// the scripted model: it first probes with <c>server/discover</c>, which we answer "method not
/// found", and falls back to <c>initialize</c>; then <c>codex</c> with its elicitation handler
/// accepting the first command and declining the second (the SDK's ElicitResult has no room for
/// Codex's <c>{decision}</c>; <c>decline</c> is its MCP-standard denial), the <c>codex/event</c>
/// notifications, and <c>codex-reply</c>.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class OfficialClientTurnTests
{
    [Test]
    public async Task CallToolAsync_CodexThenReply_ElicitationHandlerObeyedAndEventsStreamed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var turn = await ScriptedTurn.StartAsync(timeout.Token);
        var server = ServerLocator.ServerCommand();
        var elicitations = new List<string>();
        var events = new List<string>();
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "csharp-sdk-interop", Version = "1.0.0" },
            InitializationTimeout = TimeSpan.FromSeconds(30),
            Handlers = new McpClientHandlers
            {
                ElicitationHandler = (request, _) =>
                {
                    lock (elicitations)
                    {
                        elicitations.Add(request?.Message ?? string.Empty);
                        return ValueTask.FromResult(new ElicitResult { Action = elicitations.Count == 1 ? "accept" : "decline" });
                    }
                },
                NotificationHandlers =
                [
                    new("codex/event", (notification, _) =>
                    {
                        var type = notification.Params?["msg"]?["type"]?.GetValue<string>();
                        lock (events)
                        {
                            events.Add(type ?? "(none)");
                        }

                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = server.FileName,
            Arguments = [.. server.Arguments],
            Name = "codex",
            WorkingDirectory = turn.Workspace,
            EnvironmentVariables = new Dictionary<string, string?> { ["CODEX_HOME"] = turn.CodexHome },
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        });
        await using var client = await McpClient.CreateAsync(transport, options, cancellationToken: timeout.Token);

        var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
        var first = await client.CallToolAsync(
            "codex",
            new Dictionary<string, object?> { ["prompt"] = "touch two files", ["cwd"] = turn.Workspace, ["approval-policy"] = "untrusted", ["sandbox"] = "workspace-write" },
            cancellationToken: timeout.Token);
        var threadId = first.StructuredContent?.GetProperty("threadId").GetString();
        var second = await client.CallToolAsync("codex-reply", new Dictionary<string, object?> { ["threadId"] = threadId, ["prompt"] = "and now?" }, cancellationToken: timeout.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.ServerInfo?.Name, Is.EqualTo("codex-mcp-server"), "the handshake fell back to initialize");
            Assert.That(tools.Select(t => t.Name), Is.SupersetOf(new[] { "codex", "codex-reply" }));
            Assert.That(first.IsError, Is.Not.True);
            Assert.That(first.Content.OfType<TextContentBlock>().First().Text, Is.EqualTo(ScriptedTurn.FirstAnswer));
            Assert.That(second.Content.OfType<TextContentBlock>().First().Text, Is.EqualTo(ScriptedTurn.SecondAnswer));
            Assert.That(second.StructuredContent?.GetProperty("threadId").GetString(), Is.EqualTo(threadId));
            Assert.That(elicitations, Has.Count.EqualTo(2));
            Assert.That(elicitations, Has.All.Contains("touch"), "each elicitation names its command");
            Assert.That(events, Is.SupersetOf(new[] { "session_configured", "task_started", "exec_command_begin", "exec_command_end", "task_complete" }));
            Assert.That(turn.Accepted, Is.True, "accept runs the command");
            Assert.That(turn.Denied, Is.False, "decline does not");
        }
    }
}
