using System.Text.Json;
using Codex.Engine.Conversations;
using Codex.Engine.Instructions;
using Codex.Engine.Model;

namespace Codex.Engine.Threads;

/// <summary>
/// Reads what a listing needs from the head of a rollout: the session meta (first line) and the
/// first prompt the user typed (a few lines on). Never the whole file, so a catalogue of long
/// conversations lists as fast as one of short ones.
/// </summary>
internal sealed record ThreadHeader(string Id, string Cwd, string Model, DateTimeOffset StartedAt, string? FirstPrompt)
{
    /// <summary>How many lines are read looking for the first prompt (meta, instructions, context, prompt).</summary>
    private const int MaxLines = 16;

    /// <summary>The header, or null when the file has no readable session meta.</summary>
    public static ThreadHeader? Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 16 * 1024);
        using var reader = new StreamReader(stream);
        SessionMeta? meta = null;
        for (var lineNumber = 0; lineNumber < MaxLines && reader.ReadLine() is { } line; lineNumber++)
        {
            if (!TryParse(line, out var type, out var payload))
            {
                continue;
            }

            if (type == RolloutWriter.SessionMetaType && meta is null)
            {
                meta = payload.Deserialize(RolloutJsonContext.Default.SessionMeta);
            }
            else if (type == RolloutWriter.ResponseItemType && meta is not null
                && ResponseItem.TryParse(payload, out var item) && item is MessageItem { Role: "user" } message && !InitialContext.IsContextMessage(message))
            {
                return new ThreadHeader(meta.Id, meta.Cwd, meta.Model, meta.Timestamp, message.Text);
            }
        }

        return meta is null ? null : new ThreadHeader(meta.Id, meta.Cwd, meta.Model, meta.Timestamp, null);
    }

    /// <summary>Splits a rollout line into its type and payload; false for a torn or foreign line.</summary>
    public static bool TryParse(string line, out string? type, out JsonElement payload)
    {
        type = null;
        payload = default;
        if (string.IsNullOrWhiteSpace(line))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || !root.TryGetProperty("payload", out var p))
            {
                return false;
            }

            type = t.GetString();
            payload = p.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
