using System.Text.Json;

namespace Codex.Engine.Model;

/// <summary>
/// The request JSON of the history items one client sent last, reused while the history keeps the same
/// items. Every model request re-sends the whole history, and serialising every item again made building
/// the body the largest cost of a turn, growing with the conversation (profiled: about half of the
/// server's CPU over 1,000 turns). A history only grows between requests, except when compaction replaces
/// it, so the items are matched by reference from the start and only the new tail is serialised; items
/// are immutable records, so a matched item's JSON is still right.
/// </summary>
internal sealed class HistoryJsonCache(bool keepIds)
{
    private readonly Lock _lock = new();
    private readonly List<ResponseItem> _items = [];
    private readonly List<byte[]> _json = [];

    /// <summary>How many items were serialised so far (the rest were reused).</summary>
    public int SerializedCount { get; private set; }

    /// <summary>Writes <paramref name="input"/> as JSON array elements, each item as the wire wants it.</summary>
    public void WriteItems(Utf8JsonWriter json, IReadOnlyList<ResponseItem> input)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(input);
        lock (_lock)
        {
            var same = 0;
            while (same < _items.Count && same < input.Count && ReferenceEquals(_items[same], input[same]))
            {
                same++;
            }

            _items.RemoveRange(same, _items.Count - same);
            _json.RemoveRange(same, _json.Count - same);
            for (var i = same; i < input.Count; i++)
            {
                _items.Add(input[i]);
                _json.Add(Serialize(input[i]));
            }

            foreach (var item in _json)
            {
                json.WriteRawValue(item, skipInputValidation: true);
            }
        }
    }

    private byte[] Serialize(ResponseItem item)
    {
        SerializedCount++;

        // Azure keeps item ids; everyone else gets them stripped (spec §9.1).
        var sent = keepIds || item.Id is null ? item : item with { Id = null };
        using var buffer = new PooledBufferWriter(1024);
        using (var writer = new Utf8JsonWriter(buffer, ModelJsonContext.WriterOptions))
        {
            JsonSerializer.Serialize(writer, sent, ModelJsonContext.Default.ResponseItem);
        }

        return buffer.ToArray();
    }
}
