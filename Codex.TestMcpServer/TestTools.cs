using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Codex.TestMcpServer;

/// <summary>The tools: read-only and not, slow, failing, eliciting, with structured output.</summary>
[McpServerToolType]
public sealed class TestTools
{
    [McpServerTool(Name = "echo", ReadOnly = true), Description("Echoes the message back.")]
    public static string Echo([Description("What to echo.")] string message)
    {
        Markers.Append("calls.txt", $"echo {message}");
        return $"echo: {message}";
    }

    [McpServerTool(Name = "add", ReadOnly = true, UseStructuredContent = true), Description("Adds two integers.")]
    public static SumResult Add(int a, int b) => new(a + b);

    [McpServerTool(Name = "write_note", ReadOnly = false, Destructive = true), Description("Saves a note (a write: needs approval).")]
    public static string WriteNote(string text)
    {
        Markers.Append("notes.txt", text);
        return "saved";
    }

    [McpServerTool(Name = "slow", ReadOnly = true), Description("Waits the given number of seconds.")]
    public static async Task<string> Slow(double seconds, CancellationToken cancellationToken)
    {
        Markers.Append("calls.txt", $"slow {seconds}");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
            return "slept";
        }
        catch (OperationCanceledException)
        {
            // Reached only through notifications/cancelled from the client.
            Markers.Write("cancelled-slow", "cancelled");
            throw;
        }
    }

    [McpServerTool(Name = "fail", ReadOnly = true), Description("Always fails.")]
    public static string Fail() => throw new McpException("deliberate failure");

    [McpServerTool(Name = "ask_name", ReadOnly = true), Description("Asks the user for a name with elicitation/create.")]
    public static async Task<string> AskName(McpServer server, CancellationToken cancellationToken)
    {
        var result = await server.ElicitAsync(
            new ElicitRequestParams
            {
                Message = "What is your name?",
                RequestedSchema = new ElicitRequestParams.RequestSchema
                {
                    Properties = { ["name"] = new ElicitRequestParams.StringSchema { Description = "Your name" } },
                    Required = ["name"],
                },
            },
            cancellationToken);
        if (result.Action == "accept" && result.Content is { } content && content.TryGetValue("name", out var name))
        {
            return $"hello {name.GetString()}";
        }

        var reason = result.Meta?["reason"]?.GetValue<string>();
        return reason is null ? $"elicitation {result.Action}" : $"elicitation {result.Action}: {reason}";
    }

    /// <summary>The structured result of <c>add</c>.</summary>
    public sealed record SumResult(int Sum);
}
