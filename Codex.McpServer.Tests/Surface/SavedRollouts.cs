using System.Globalization;
using System.Text.Json.Nodes;

namespace Codex.McpServer.Tests.Surface;

/// <summary>Writes rollout files as the server saves them (session meta, context, prompt, answer), for catalogue tests.</summary>
internal static class SavedRollouts
{
    /// <summary>Writes one thread's rollout under <paramref name="codexHome"/> and sets its time; returns the file's path.</summary>
    public static string Write(string codexHome, string id, string cwd, string prompt, DateTime updatedUtc, string model = "mock-model")
    {
        var started = updatedUtc.AddMinutes(-1);
        var directory = Path.Combine(codexHome, "sessions", started.ToString("yyyy", CultureInfo.InvariantCulture), started.ToString("MM", CultureInfo.InvariantCulture), started.ToString("dd", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"rollout-{started.ToString("yyyy-MM-dd'T'HH-mm-ss", CultureInfo.InvariantCulture)}-{id}.jsonl");
        var stamp = started.ToString("O", CultureInfo.InvariantCulture);
        JsonObject Line(string type, JsonNode payload) => new() { ["timestamp"] = stamp, ["type"] = type, ["payload"] = payload };
        JsonObject Message(string role, string partType, string text) => new()
        {
            ["type"] = "message",
            ["role"] = role,
            ["content"] = new JsonArray(new JsonObject { ["type"] = partType, ["text"] = text }),
        };

        var lines = new[]
        {
            Line("session_meta", new JsonObject
            {
                ["id"] = id,
                ["timestamp"] = stamp,
                ["cwd"] = cwd,
                ["originator"] = "codex_mcp_server",
                ["cli_version"] = "0.0.0",
                ["model"] = model,
                ["model_provider"] = "mock",
                ["request"] = new JsonObject { ["cwd"] = cwd },
            }),
            Line("response_item", Message("user", "input_text", $"<environment_context>\n  <cwd>{cwd}</cwd>\n</environment_context>")),
            Line("response_item", Message("user", "input_text", prompt)),
            Line("response_item", Message("assistant", "output_text", "answer to " + prompt)),
        };
        File.WriteAllText(path, string.Concat(lines.Select(l => l.ToJsonString() + "\n")));
        File.SetLastWriteTimeUtc(path, updatedUtc);
        return path;
    }
}
