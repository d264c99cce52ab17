using System.Text.Json;
using Codex.Protocol.Client;
using Codex.Protocol.Tests.Conformance;

namespace Codex.Protocol.Tests.Interop;

/// <summary>Our typed <see cref="CodexMcpClient"/> against our server binary over real stdio.</summary>
[TestFixture]
public sealed class CodexMcpClientInteropTests
{
    [Test]
    public async Task StartAsync_InitializesListsPingsAndReportsToolErrors()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var codexHome = Directory.CreateTempSubdirectory("codex-client-").FullName;
        try
        {
            await using var client = await CodexMcpClient.StartAsync(
                new CodexServerProcessOptions
                {
                    FileName = ServerLocator.ServerPath(),
                    WorkingDirectory = codexHome,
                    Environment = new Dictionary<string, string?> { ["CODEX_HOME"] = codexHome },
                },
                new CodexMcpClientOptions { ClientInfo = new() { Name = "typed-client", Version = "2.0" } },
                cancellationToken: cts.Token);

            var tools = await client.ListToolsAsync(cts.Token);
            await client.PingAsync(cts.Token);
            using var arguments = JsonDocument.Parse("""{"prompt":"continue"}""");
            var reply = await client.CallAsync("codex-reply", arguments.RootElement, cancellationToken: cts.Token);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(client.Server.ServerInfo.Name, Is.EqualTo("codex-mcp-server"));
                Assert.That(client.Server.ProtocolVersion, Is.EqualTo("2025-11-25"));
                Assert.That(client.Server.ServerInfo.UserAgent, Does.EndWith("(typed-client; 2.0)"));
                Assert.That(tools.Select(t => t.Name), Is.EqualTo(new[] { "codex", "codex-reply", "codex-status", "codex-cancel", "codex-approve" }));
                Assert.That(reply.IsError, Is.True);
                Assert.That(reply.Text, Is.EqualTo("Failed to parse thread_id: either threadId or conversationId must be provided"));
                Assert.That(reply.Events, Is.Empty);
                Assert.That(reply.ConversationId, Is.Null);
            }
        }
        finally
        {
            Directory.Delete(codexHome, recursive: true);
        }
    }
}
