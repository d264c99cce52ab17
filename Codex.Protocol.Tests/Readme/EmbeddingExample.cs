using Codex.Protocol;
using Codex.Protocol.Client;

namespace Codex.Protocol.Tests.Readme;

/// <summary>README.md's "Embedding Codex.Protocol" example, kept compiling and running by <see cref="ReadmeExampleTests"/>.</summary>
internal static class EmbeddingExample
{
    // readme-example-begin
    public static async Task<string> RunAsync(string serverPath, string workspace, CancellationToken cancellationToken)
    {
        await using var client = await CodexMcpClient.StartAsync(
            new CodexServerProcessOptions { FileName = serverPath },
            new CodexMcpClientOptions
            {
                // Asked before each command or patch that needs approval; answer as your UI decides.
                ApprovalHandler = (request, ct) => ValueTask.FromResult(new ApprovalAnswer(
                    request.Exec?.CodexCommand is ["ls", ..] ? ReviewDecision.Approved : ReviewDecision.Denied)),
            },
            cancellationToken: cancellationToken);

        var first = await client.CodexAsync(
            new CodexToolCallParam { Prompt = "List the files here", Cwd = workspace, ApprovalPolicy = AskForApproval.Untrusted },
            e => Console.WriteLine(e.Msg.GetType().Name),
            cancellationToken);
        Console.WriteLine($"{first.Text} (conversation {first.ConversationId})");

        var next = await client.ReplyAsync(first.ConversationId!, "Now count them", cancellationToken: cancellationToken);
        return next.Text;
    }
    // readme-example-end
}
