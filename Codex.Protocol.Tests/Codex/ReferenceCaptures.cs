using System.Text.Json;
using System.Text.Json.Nodes;

namespace Codex.Protocol.Tests.Codex;

/// <summary>Reads the 0.153.4 transcripts copied under <c>Reference/codex-0.153.4/</c>.</summary>
internal static class ReferenceCaptures
{
    public static readonly string[] Files = ["scenario-a.jsonl", "scenario-b.jsonl", "scenario-d.jsonl"];

    /// <summary>Every server-to-client message with the given method, as (file:line, params).</summary>
    public static IEnumerable<(string Where, JsonElement Params)> Messages(string method)
    {
        foreach (var file in Files)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Reference", "codex-0.153.4", file);
            var number = 0;
            foreach (var line in File.ReadLines(path))
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                using var document = JsonDocument.Parse(line);
                var message = document.RootElement.GetProperty("msg");
                if (document.RootElement.GetProperty("dir").GetString() == "s2c"
                    && message.TryGetProperty("method", out var m) && m.GetString() == method)
                {
                    yield return ($"{file}:{number}", message.GetProperty("params").Clone());
                }
            }
        }
    }

    /// <summary>
    /// The documented normalisation: the library writes <see cref="FileChange"/> and the
    /// <see cref="TurnItem"/> kinds it models externally tagged (the baseline), where 0.153.4 sends
    /// them internally tagged. This rewrites those places of a <c>msg</c> object into the baseline
    /// form; a FileChange <c>update</c> always carries <c>move_path</c> there.
    /// </summary>
    public static JsonElement ToBaselineTagging(JsonElement msg)
    {
        var node = JsonNode.Parse(msg.GetRawText())!.AsObject();
        switch ((string?)node["type"])
        {
            case "apply_patch_approval_request" or "patch_apply_begin":
                ExternaliseChanges(node["changes"]);
                break;
            case "item_started" or "item_completed":
                if (node["item"] is JsonObject item && (string?)item["type"] == "UserMessage")
                {
                    node["item"] = Externalise(item);
                }

                break;
        }

        return ToElement(node);
    }

    /// <summary>The same normalisation for the params of a patch-approval elicitation.</summary>
    public static JsonElement ElicitationToBaselineTagging(JsonElement parameters)
    {
        var node = JsonNode.Parse(parameters.GetRawText())!.AsObject();
        ExternaliseChanges(node["codex_changes"]);
        return ToElement(node);
    }

    private static void ExternaliseChanges(JsonNode? changes)
    {
        if (changes is not JsonObject map)
        {
            return;
        }

        foreach (var key in map.Select(p => p.Key).ToList())
        {
            if (map[key] is JsonObject change && change.ContainsKey("type"))
            {
                var external = Externalise(change);
                if (external["update"] is JsonObject update && !update.ContainsKey("move_path"))
                {
                    update["move_path"] = null;
                }

                map[key] = external;
            }
        }
    }

    private static JsonObject Externalise(JsonObject internallyTagged)
    {
        var body = new JsonObject();
        foreach (var (name, value) in internallyTagged)
        {
            if (name != "type")
            {
                body[name] = value?.DeepClone();
            }
        }

        return new JsonObject { [(string)internallyTagged["type"]!] = body };
    }

    private static JsonElement ToElement(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}
