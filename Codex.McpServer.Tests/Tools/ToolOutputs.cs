using System.Text.Json;
using System.Text.RegularExpressions;
using Codex.Testing;

namespace Codex.McpServer.Tests.Tools;

/// <summary>Reads what the model was sent for a call, on either wire, from one recorded request.</summary>
internal static partial class ToolOutputs
{
    /// <summary>The output for <paramref name="callId"/> in <paramref name="request"/>, or null.</summary>
    public static string? In(RecordedRequest request, string callId)
    {
        if (request.Json is not { } body)
        {
            return null;
        }

        var items = body.TryGetProperty("input", out var input) ? input : body.TryGetProperty("messages", out var messages) ? messages : default;
        if (items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (item.TryGetProperty("call_id", out var id) && id.GetString() == callId && item.TryGetProperty("output", out var output))
            {
                return output.GetString();
            }

            if (item.TryGetProperty("tool_call_id", out var toolId) && toolId.GetString() == callId && item.TryGetProperty("content", out var content))
            {
                return content.GetString();
            }
        }

        return null;
    }

    /// <summary>The output for <paramref name="callId"/> in the first request that has it; fails the test otherwise.</summary>
    public static string For(ScriptedModelServer model, string callId)
    {
        foreach (var request in model.Requests)
        {
            if (In(request, callId) is { } output)
            {
                return output;
            }
        }

        Assert.Fail($"No request carried an output for {callId}.");
        return string.Empty;
    }

    /// <summary>The session id in an <c>exec_command</c> output that is still running.</summary>
    public static int SessionId(string output)
    {
        var match = SessionPattern().Match(output);
        Assert.That(match.Success, Is.True, $"the process is still running: {output}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The text after <c>Output:</c>.</summary>
    public static string Body(string output)
    {
        var index = output.IndexOf("Output:\n", StringComparison.Ordinal);
        Assert.That(index, Is.GreaterThanOrEqualTo(0), output);
        return output[(index + "Output:\n".Length)..];
    }

    [GeneratedRegex("^Process running with session ID ([0-9]+)$", RegexOptions.Multiline)]
    private static partial Regex SessionPattern();
}
