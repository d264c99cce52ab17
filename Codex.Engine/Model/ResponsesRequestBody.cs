using System.Text.Json;

namespace Codex.Engine.Model;

/// <summary>Writes the exact Responses API body of spec §9.1.</summary>
internal static class ResponsesRequestBody
{
    /// <summary>
    /// <c>{model, instructions, input, tools, tool_choice:"auto", parallel_tool_calls, reasoning, store, stream:true,
    /// include, prompt_cache_key?, text?}</c>. Azure gets <c>store: true</c> and keeps item ids; everyone else
    /// gets <c>store: false</c> and no ids. The history items' JSON comes from <paramref name="history"/>, so a
    /// turn costs a copy of the history, not its serialisation.
    /// </summary>
    public static void Write(PooledBufferWriter buffer, ModelRequest request, bool azure, HistoryJsonCache history)
    {
        using (var json = new Utf8JsonWriter(buffer, ModelJsonContext.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("model", request.Model);
            json.WriteString("instructions", request.Instructions);

            json.WriteStartArray("input");
            history.WriteItems(json, request.Input);

            json.WriteEndArray();

            json.WriteStartArray("tools");
            foreach (var tool in request.Tools)
            {
                tool.WriteTo(json);
            }

            json.WriteEndArray();
            json.WriteString("tool_choice", "auto");
            json.WriteBoolean("parallel_tool_calls", request.ParallelToolCalls);

            if (request.Reasoning is { } reasoning)
            {
                json.WriteStartObject("reasoning");
                if (reasoning.Effort is not null)
                {
                    json.WriteString("effort", reasoning.Effort);
                }

                if (reasoning.Summary is not null)
                {
                    json.WriteString("summary", reasoning.Summary);
                }

                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("reasoning");
            }

            json.WriteBoolean("store", azure);
            json.WriteBoolean("stream", true);

            json.WriteStartArray("include");
            if (request.Reasoning is not null)
            {
                json.WriteStringValue("reasoning.encrypted_content");
            }

            json.WriteEndArray();

            if (request.ConversationId is not null)
            {
                json.WriteString("prompt_cache_key", request.ConversationId);
            }

            if (request.Verbosity is not null)
            {
                json.WriteStartObject("text");
                json.WriteString("verbosity", request.Verbosity);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }
    }
}
