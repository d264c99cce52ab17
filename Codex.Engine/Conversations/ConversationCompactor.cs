using System.Text;
using Codex.Engine.Instructions;
using Codex.Engine.Model;
using Codex.Protocol;

namespace Codex.Engine.Conversations;

/// <summary>
/// Keeps a long conversation inside the model's context window (spec §7.6): the model summarizes
/// the history (with <c>compact-prompt</c>, or our default prompt), and the history becomes the
/// initial context plus one message with the user's earlier requests and that summary.
/// </summary>
internal sealed class ConversationCompactor(ModelRequestSettings requestSettings)
{
    /// <summary>How the replacement message starts; it also marks it as context, not user input.</summary>
    public const string SummaryPrefix = "<conversation_summary>";

    public const string DefaultPrompt =
        "Summarize this conversation so that you can continue the work from the summary alone. Include: the user's goal and every requirement they stated; " +
        "what has been done so far (files created or changed, with paths, and the commands run with their outcomes); decisions made and why; " +
        "anything still open or failing; and the next steps. Be specific and concise; do not invent details.";

    private const int MaxUserMessageChars = 20_000;

    /// <summary>Replaces the history by a summary; returns false (history unchanged) when the model gave none.</summary>
    public async Task<bool> CompactAsync(TurnContext context)
    {
        var conversation = context.Conversation;
        var config = context.Config;
        var prompt = string.IsNullOrWhiteSpace(config.CompactPrompt) ? DefaultPrompt : config.CompactPrompt;
        var request = requestSettings.Build(conversation, [], context.Options) with
        {
            Input = [.. conversation.History, MessageItem.User(prompt)],
            TaskType = "compact",
            OnRequestRetry = notice => context.Emit(new StreamErrorEvent { Message = $"Re-connecting... {notice.Attempt}/{notice.MaxRetries}" }),
        };

        string? summary = null;
        var stream = StreamRetryLoop.RunAsync(
            conversation.Model,
            request,
            config.ModelProvider.StreamMaxRetries,
            (notice, _) =>
            {
                context.Emit(new StreamErrorEvent { Message = $"Re-connecting... {notice.Attempt}/{notice.MaxRetries}" });
                return ValueTask.CompletedTask;
            },
            context.CancellationToken);
        await foreach (var modelEvent in stream.ConfigureAwait(false))
        {
            switch (modelEvent)
            {
                case ModelEvent.OutputItemDone { Item: MessageItem { Role: "assistant" } message }:
                    summary = message.Text;
                    break;
                case ModelEvent.StreamRestarted:
                    summary = null;
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(summary))
        {
            context.Emit(new BackgroundEvent { Message = "The conversation could not be compacted: the model returned no summary." });
            return false;
        }

        var history = InitialContext.Items(config).ToList();
        history.Add(MessageItem.User(Bridge(conversation.History, summary)));
        await conversation.ReplaceHistoryAsync(history, context.CancellationToken).ConfigureAwait(false);
        context.Emit(new BackgroundEvent { Message = "The conversation was compacted: earlier messages were summarized to fit the model's context window." });
        return true;
    }

    private static string Bridge(IReadOnlyList<ResponseItem> history, string summary)
    {
        // The user's own words matter most; keep the latest ones that fit.
        var userMessages = history.OfType<MessageItem>().Where(m => !InitialContext.IsContextMessage(m)).Select(m => m.Text).ToList();
        var kept = new List<string>();
        var budget = MaxUserMessageChars;
        for (var i = userMessages.Count - 1; i >= 0 && budget > 0; i--)
        {
            var text = userMessages[i].Length <= budget ? userMessages[i] : userMessages[i][^budget..];
            kept.Insert(0, text);
            budget -= text.Length;
        }

        var bridge = new StringBuilder(SummaryPrefix).Append('\n');
        bridge.Append("Earlier messages of this conversation were replaced by a summary to fit the context window.\n\n");
        bridge.Append("The user's messages so far:\n");
        foreach (var message in kept)
        {
            bridge.Append("- ").Append(message.Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
        }

        bridge.Append("\nSummary of the work so far:\n").Append(summary.Trim()).Append("\n</conversation_summary>");
        return bridge.ToString();
    }
}
