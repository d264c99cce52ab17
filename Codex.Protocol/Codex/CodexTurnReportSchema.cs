using System.Text.Json.Nodes;

namespace Codex.Protocol;

/// <summary>
/// The output-schema properties of the turn report in <see cref="CodexToolOutput"/>
/// (<c>changedFiles</c>, <c>diff</c>, <c>commandsRun</c>, <c>tokenUsage</c>, <c>durationMs</c>),
/// kept apart from the base fields so each group reads on its own.
/// </summary>
public static class CodexTurnReportSchema
{
    /// <summary>Adds the turn-report properties to an object schema and returns it.</summary>
    /// <param name="schema">An object schema with a <c>properties</c> object.</param>
    public static JsonObject Extend(JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var properties = (JsonObject)schema["properties"]!;
        properties["changedFiles"] = new JsonObject
        {
            ["type"] = "array",
            ["description"] = "The files the turn's patches changed, in order; a move is a delete and an add.",
            ["items"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["path"] = new JsonObject { ["type"] = "string", ["description"] = "The file's absolute path." },
                    ["kind"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("add", "delete", "update") },
                },
                ["required"] = new JsonArray("path", "kind"),
            },
        };
        properties["diff"] = new JsonObject { ["type"] = "string", ["description"] = "The turn's cumulative unified diff (git style); absent when it changed no file." };
        properties["commandsRun"] = new JsonObject
        {
            ["type"] = "array",
            ["description"] = "The commands the turn ran, in order.",
            ["items"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["command"] = new JsonObject { ["type"] = "string", ["description"] = "The command line, shell-quoted." },
                    ["exitCode"] = new JsonObject { ["type"] = "integer", ["description"] = "The exit code; -1 when it could not start or the sandbox denied it." },
                    ["durationMs"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
                },
                ["required"] = new JsonArray("command", "exitCode", "durationMs"),
            },
        };
        properties["tokenUsage"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The tokens the turn's model calls used; absent when the provider reported none.",
            ["properties"] = new JsonObject
            {
                ["input_tokens"] = new JsonObject { ["type"] = "integer" },
                ["cached_input_tokens"] = new JsonObject { ["type"] = "integer" },
                ["output_tokens"] = new JsonObject { ["type"] = "integer" },
                ["reasoning_output_tokens"] = new JsonObject { ["type"] = "integer" },
                ["total_tokens"] = new JsonObject { ["type"] = "integer" },
            },
            ["required"] = new JsonArray("input_tokens", "output_tokens", "total_tokens"),
        };
        properties["durationMs"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["description"] = "The turn's wall time in milliseconds." };
        return schema;
    }
}
