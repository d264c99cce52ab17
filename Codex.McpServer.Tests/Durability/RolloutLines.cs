using System.Text.Json;
using Codex.Testing;

namespace Codex.McpServer.Tests.Durability;

/// <summary>Reads a rollout file as the tests see it: every line must be a whole JSON record.</summary>
internal static class RolloutLines
{
    /// <summary>Every record of the file; fails the test when the file does not end with a newline or a line is not a whole JSON object.</summary>
    public static async Task<List<JsonElement>> ReadWholeAsync(string path, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        Assert.That(text, Does.EndWith("\n"), $"{path} ends with a whole line");
        var records = new List<JsonElement>();
        var number = 0;
        foreach (var line in text[..^1].Split('\n'))
        {
            number++;
            try
            {
                using var document = JsonDocument.Parse(line);
                var record = document.RootElement.Clone();
                Assert.That(record.ValueKind, Is.EqualTo(JsonValueKind.Object), $"line {number} is an object");
                Assert.That(record.TryGetProperty("type", out _) && record.TryGetProperty("payload", out _), Is.True, $"line {number} is a record: {Clip(line)}");
                records.Add(record);
            }
            catch (JsonException ex)
            {
                Assert.Fail($"line {number} of {path} is not whole JSON ({ex.Message}): {Clip(line)}");
            }
        }

        return records;
    }

    /// <summary>The messages among <paramref name="records"/>, as <c>"role: text"</c>.</summary>
    public static List<string> Messages(IEnumerable<JsonElement> records) =>
        [.. records
            .Where(r => r.GetProperty("type").GetString() == "response_item")
            .Select(r => r.GetProperty("payload"))
            .Where(p => p.GetProperty("type").GetString() == "message")
            .Select(p => $"{p.GetProperty("role").GetString()}: {string.Concat(p.GetProperty("content").EnumerateArray().Select(c => c.TryGetProperty("text", out var t) ? t.GetString() : string.Empty))}")];

    /// <summary>The text of the last user message a model request carried (Responses wire).</summary>
    public static string LastUserPrompt(RecordedRequest request)
    {
        var input = request.Json!.Value.GetProperty("input").EnumerateArray().ToList();
        var user = input.Last(i => i.GetProperty("type").GetString() == "message" && i.GetProperty("role").GetString() == "user");
        return string.Concat(user.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
    }

    /// <summary>Whether the last input item of a model request is a tool output (the model is asked to go on after a call).</summary>
    public static bool EndsWithToolOutput(RecordedRequest request) =>
        request.Json!.Value.GetProperty("input").EnumerateArray().Last().GetProperty("type").GetString() == "function_call_output";

    private static string Clip(string line) => line.Length <= 300 ? line : $"{line[..300]}… ({line.Length} chars)";
}
