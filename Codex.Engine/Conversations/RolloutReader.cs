using System.Text.Json;
using Codex.Engine.Model;

namespace Codex.Engine.Conversations;

/// <summary>Finds and reads a conversation's rollout file so it can be resumed.</summary>
internal static class RolloutReader
{
    /// <summary>The rollout file of <paramref name="conversationId"/>, or null when there is none.</summary>
    public static string? Find(string codexHome, string conversationId)
    {
        var sessions = Path.Combine(codexHome, "sessions");
        if (!Directory.Exists(sessions))
        {
            return null;
        }

        return Directory.EnumerateFiles(sessions, $"rollout-*-{conversationId}.jsonl", SearchOption.AllDirectories)
            .OrderByDescending(p => p, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Reads the session meta and the history; a torn last line (a crash mid-write) is skipped.</summary>
    public static async Task<(SessionMeta Meta, List<ResponseItem> History)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        SessionMeta? meta = null;
        var history = new List<ResponseItem>();
        var lineNumber = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(line);
                root = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                continue;
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || !root.TryGetProperty("payload", out var payload))
            {
                continue;
            }

            switch (type.GetString())
            {
                case RolloutWriter.SessionMetaType:
                    meta = payload.Deserialize(RolloutJsonContext.Default.SessionMeta);
                    break;
                case RolloutWriter.ResponseItemType when ResponseItem.TryParse(payload, out var item):
                    history.Add(RolloutImages.Restore(item, path));
                    break;
                case RolloutWriter.CompactedType when payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("history", out var compacted):
                    history.Clear();
                    foreach (var element in compacted.EnumerateArray())
                    {
                        if (ResponseItem.TryParse(element, out var kept))
                        {
                            history.Add(RolloutImages.Restore(kept, path));
                        }
                    }

                    break;
            }
        }

        return meta is null
            ? throw new InvalidDataException($"{path} has no session_meta line, so the conversation cannot be resumed.")
            : (meta, history);
    }
}
