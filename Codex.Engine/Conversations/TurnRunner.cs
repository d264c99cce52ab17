using Codex.Engine.Config;
using Codex.Engine.Instructions;
using Codex.Engine.Model;
using Codex.Engine.Tools;
using Codex.Protocol;
using Microsoft.Extensions.Logging;

namespace Codex.Engine.Conversations;

/// <summary>
/// The agent loop of one turn (spec §7.6): add the user's input, then call the model, stream
/// its output as events, run the tool calls it makes and feed their outputs back, until it
/// answers without calling a tool.
/// </summary>
internal sealed class TurnRunner(ToolRouter tools, ModelRequestSettings requestSettings, ConversationCompactor compactor, ILogger logger)
{
    /// <summary>The text a call that never got an output is given, so the model sees a closed call.</summary>
    public const string AbortedOutput = "aborted";

    public async Task<TurnResult> RunAsync(TurnContext context, string prompt)
    {
        var conversation = context.Conversation;
        var cancellationToken = context.CancellationToken;
        var userItem = new UserMessageTurnItem { Id = Guid.NewGuid().ToString(), Content = [.. ImageInputs(context), new TextUserInput { Text = prompt }] };
        context.Emit(new ItemStartedEvent { ThreadId = conversation.Id, TurnId = context.SubmissionId, Item = userItem });
        context.Emit(new ItemCompletedEvent { ThreadId = conversation.Id, TurnId = context.SubmissionId, Item = userItem });
        context.Emit(new TaskStartedEvent { ModelContextWindow = context.Config.EffectiveContextWindow });

        try
        {
            // A turn the process did not live to finish (or whose save failed) can leave a call
            // without an output; the model rejects such a history, so close it first.
            await CloseOpenCallsAsync(conversation).ConfigureAwait(false);
            await conversation.AppendAsync(UserMessage(prompt, context.Options.InputImages), cancellationToken).ConfigureAwait(false);
            string? lastAgentMessage = null;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var items = await SampleAsync(context).ConfigureAwait(false);
                var calls = new List<ToolCall>();
                foreach (var item in items)
                {
                    await conversation.AppendAsync(item, cancellationToken).ConfigureAwait(false);
                    if (ToolCall.From(item) is { } call)
                    {
                        calls.Add(call);
                    }
                }

                await RunCallsAsync(calls, context).ConfigureAwait(false);

                if (await CompactIfNeededAsync(context).ConfigureAwait(false) is { } overLimit)
                {
                    context.Emit(new ErrorEvent { Message = overLimit });
                    return new TurnResult(TurnOutcome.Failed, conversation.Id, null, overLimit);
                }

                if (calls.Count == 0)
                {
                    lastAgentMessage = items.OfType<MessageItem>().LastOrDefault(m => m.Role == "assistant")?.LastOutputText;
                    break;
                }
            }

            context.Emit(new TaskCompleteEvent { LastAgentMessage = lastAgentMessage });
            return new TurnResult(TurnOutcome.Completed, conversation.Id, lastAgentMessage);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // An interrupted turn leaves no interactive process behind.
            conversation.ExecSessions.KillAll();
            await TryCloseOpenCallsAsync(context).ConfigureAwait(false);
            context.Emit(new TurnAbortedEvent { Reason = TurnAbortReason.Interrupted });
            return new TurnResult(TurnOutcome.Interrupted, conversation.Id, null, "The turn was interrupted.");
        }
        catch (TurnAbortedByUserException)
        {
            await TryCloseOpenCallsAsync(context).ConfigureAwait(false);
            context.Emit(new TurnAbortedEvent { Reason = TurnAbortReason.Interrupted });
            return new TurnResult(TurnOutcome.AbortedByUser, conversation.Id, null, "The user aborted the turn (an approval was answered with `abort`).");
        }
        catch (ModelException ex)
        {
            logger.LogWarning("Turn {Submission} of {Conversation} failed: {Message}", context.SubmissionId, conversation.Id, ex.Message);
            context.Emit(new ErrorEvent { Message = ex.Message });
            return new TurnResult(TurnOutcome.Failed, conversation.Id, null, ex.Message);
        }
        catch (RolloutWriteException ex)
        {
            // The record is in neither the file nor the history, so the conversation stays resumable
            // as it was; the turn cannot go on without saving what it does.
            logger.LogError("Turn {Submission} of {Conversation} failed: {Message}", context.SubmissionId, conversation.Id, ex.Message);
            await TryCloseOpenCallsAsync(context).ConfigureAwait(false);
            context.Emit(new ErrorEvent { Message = ex.Message });
            return new TurnResult(TurnOutcome.Failed, conversation.Id, null, ex.Message);
        }
    }

    /// <summary>The turn's images as the user item shows them: a file by its path, a <c>data:</c> URL as given.</summary>
    private static IEnumerable<UserInput> ImageInputs(TurnContext context) =>
        (context.Options.Images ?? []).Select(image => image.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
            ? (UserInput)new ImageUserInput { ImageUrl = image }
            : new LocalImageUserInput { Path = Path.GetFullPath(image, context.Config.Cwd) });

    /// <summary>The user's message: the images first, then the prompt, as upstream orders a turn's input.</summary>
    private static MessageItem UserMessage(string prompt, IReadOnlyList<InputImageContent> images) =>
        images.Count == 0
            ? MessageItem.User(prompt)
            : new MessageItem { Role = "user", Content = [.. images, new InputTextContent { Text = prompt }] };

    /// <summary>
    /// Runs the response's calls: consecutive read-only ones at the same time, every other one
    /// alone, in the model's order; outputs are saved in the order the model sent the calls.
    /// </summary>
    private async Task RunCallsAsync(List<ToolCall> calls, TurnContext context)
    {
        var cancellationToken = context.CancellationToken;
        int index = 0;
        while (index < calls.Count)
        {
            int end = index + 1;
            if (tools.IsReadOnly(calls[index], context))
            {
                while (end < calls.Count && tools.IsReadOnly(calls[end], context))
                {
                    end++;
                }
            }

            var outputs = await Task.WhenAll(calls.Skip(index).Take(end - index)
                .Select(call => tools.DispatchAsync(call, context, cancellationToken))).ConfigureAwait(false);
            foreach (var output in outputs)
            {
                await context.Conversation.AppendAsync(output, cancellationToken).ConfigureAwait(false);
            }

            index = end;
        }

        // Images the model asked to see (view_image) go with the next request, after the outputs, in
        // the order of the calls (parallel calls may finish in any order).
        var pending = new List<(string CallId, ResponseItem Item)>();
        while (context.PendingInput.TryDequeue(out var item))
        {
            pending.Add(item);
        }

        foreach (var (_, item) in pending.OrderBy(p => calls.FindIndex(c => c.CallId == p.CallId)))
        {
            await context.Conversation.AppendAsync(item, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Compacts the history when the last response filled the context up to the limit. Returns the
    /// error text when it is still over the limit right after a compaction (nothing more can help).
    /// </summary>
    private async Task<string?> CompactIfNeededAsync(TurnContext context)
    {
        var conversation = context.Conversation;
        var limit = context.Config.AutoCompactTokenLimit;
        if (limit is not { } tokens || conversation.LastContextTokens < tokens)
        {
            conversation.JustCompacted = false;
            return null;
        }

        if (conversation.JustCompacted)
        {
            return $"Conversation is still above the token limit after automatic summarization (limit {tokens}, current {conversation.LastContextTokens}). Please start a new session or trim your input.";
        }

        conversation.JustCompacted = await compactor.CompactAsync(context).ConfigureAwait(false);
        return null;
    }

    /// <summary>One model request, streamed; returns the items of the attempt that succeeded.</summary>
    private async Task<List<ResponseItem>> SampleAsync(TurnContext context)
    {
        var conversation = context.Conversation;
        var config = context.Config;
        var provider = config.ModelProvider;
        var request = requestSettings.Build(conversation, tools.Definitions, context.Options) with
        {
            OnRequestRetry = notice => context.Emit(new StreamErrorEvent { Message = $"Re-connecting... {notice.Attempt}/{notice.MaxRetries}" }),
        };

        var items = new List<ResponseItem>();
        RateLimitSnapshot? rateLimits = null;
        var stream = StreamRetryLoop.RunAsync(
            conversation.Model,
            request,
            provider.StreamMaxRetries,
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
                case ModelEvent.OutputTextDelta delta:
                    context.Emit(new AgentMessageDeltaEvent { Delta = delta.Delta });
                    break;
                case ModelEvent.ReasoningSummaryDelta delta when !config.HideAgentReasoning:
                    context.Emit(new AgentReasoningDeltaEvent { Delta = delta.Delta });
                    break;
                case ModelEvent.ReasoningSectionBreak when !config.HideAgentReasoning:
                    context.Emit(new AgentReasoningSectionBreakEvent());
                    break;
                case ModelEvent.ReasoningRawDelta delta when config.ShowRawAgentReasoning:
                    context.Emit(new AgentReasoningRawContentDeltaEvent { Delta = delta.Delta });
                    break;
                case ModelEvent.WebSearchBegin search:
                    context.Emit(new WebSearchBeginEvent { CallId = search.CallId });
                    break;
                case ModelEvent.RateLimits limits:
                    rateLimits = limits.Snapshot;
                    context.Emit(new TokenCountEvent { Info = CurrentInfo(conversation), RateLimits = rateLimits });
                    break;
                case ModelEvent.OutputItemDone done:
                    items.Add(done.Item);
                    EmitItem(context, done.Item);
                    break;
                case ModelEvent.Completed completed:
                    var info = completed.Usage is { } usage ? conversation.AddUsage(usage) : CurrentInfo(conversation);
                    context.Emit(new TokenCountEvent { Info = info, RateLimits = rateLimits });
                    break;
                case ModelEvent.StreamRestarted:
                    // The failed attempt's items are void; the request is sent again whole.
                    items.Clear();
                    break;
            }
        }

        return items;
    }

    private static TokenUsageInfo? CurrentInfo(Conversation conversation) =>
        conversation.TotalUsage is { } total
            ? new TokenUsageInfo { TotalTokenUsage = total, LastTokenUsage = total, ModelContextWindow = conversation.Config.EffectiveContextWindow }
            : null;

    private static void EmitItem(TurnContext context, ResponseItem item)
    {
        switch (item)
        {
            case MessageItem { Role: "assistant" } message:
                context.Emit(new AgentMessageEvent { Message = message.Text });
                break;
            case ReasoningItem reasoning when !context.Config.HideAgentReasoning:
                foreach (var part in reasoning.Summary.OfType<ReasoningSummaryText>())
                {
                    context.Emit(new AgentReasoningEvent { Text = part.Text });
                }

                if (context.Config.ShowRawAgentReasoning && reasoning.Content is { } raw)
                {
                    foreach (var part in raw)
                    {
                        context.Emit(new AgentReasoningRawContentEvent { Text = part.Content });
                    }
                }

                break;
            case WebSearchCallItem search:
                context.Emit(new WebSearchEndEvent { CallId = search.Id ?? string.Empty, Query = search.Query ?? string.Empty });
                break;
        }
    }

    /// <summary>
    /// <see cref="CloseOpenCallsAsync"/> at the end of a turn that is already ending for another
    /// reason: when the outputs cannot be saved either, the next turn closes the calls.
    /// </summary>
    private async Task TryCloseOpenCallsAsync(TurnContext context)
    {
        try
        {
            await CloseOpenCallsAsync(context.Conversation).ConfigureAwait(false);
        }
        catch (RolloutWriteException ex)
        {
            logger.LogWarning("Open calls of {Conversation} stay open until its next turn: {Message}", context.Conversation.Id, ex.Message);
        }
    }

    /// <summary>Gives every call without an output the output <c>aborted</c>, so the history stays valid.</summary>
    private static async Task CloseOpenCallsAsync(Conversation conversation)
    {
        var answered = conversation.History.Select(OutputCallId).Where(id => id is not null).ToHashSet(StringComparer.Ordinal);
        foreach (var call in conversation.History.Select(ToolCall.From).Where(c => c is not null).ToList())
        {
            if (!answered.Contains(call!.CallId))
            {
                await conversation.AppendAsync(call.ToOutputItem(AbortedOutput), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static string? OutputCallId(ResponseItem item) => item switch
    {
        FunctionCallOutputItem f => f.CallId,
        CustomToolCallOutputItem c => c.CallId,
        _ => null,
    };
}
