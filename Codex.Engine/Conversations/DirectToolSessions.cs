using System.Collections.Concurrent;
using Codex.Engine.Approvals;
using Codex.Engine.Config;
using Codex.Engine.Model;
using Codex.Engine.Tools;
using Codex.Protocol;

namespace Codex.Engine.Conversations;

/// <summary>
/// Runs the agent's own tools for a front end that calls them directly, through the same router,
/// sandbox, approvals and events as a model's calls. Calls with the same cwd, sandbox and approval
/// policy share one saved thread, so <c>approved_for_session</c> holds across them and the calls
/// can be read back like any thread. No model is called.
/// </summary>
internal sealed class DirectToolSessions(ConfigLoader configLoader, ToolRegistry tools, string originator) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Conversation>>> _sessions = new(StringComparer.Ordinal);

    /// <param name="events">The sink for the call's events, made once the thread's id is known (its events carry it).</param>
    public async Task<DirectToolResult> RunAsync(ConfigRequest request, string toolName, string argumentsJson, Func<string, IEventSink> events, IApprovalGateway approvals, CancellationToken cancellationToken)
    {
        var config = configLoader.Load(request);
        var key = $"{config.Cwd}\n{request.Sandbox}\n{config.ApprovalPolicy}";
        var creating = _sessions.GetOrAdd(key, _ => new Lazy<Task<Conversation>>(() => CreateAsync(config, request)));
        Conversation conversation;
        try
        {
            conversation = await creating.Value.ConfigureAwait(false);
        }
        catch
        {
            _sessions.TryRemove(new KeyValuePair<string, Lazy<Task<Conversation>>>(key, creating));
            throw;
        }

        var pump = new EventPump(events(conversation.Id));
        try
        {
            using var turn = await conversation.EnterTurnAsync(cancellationToken).ConfigureAwait(false);
            var submissionId = conversation.NextReplySubmissionId();
            var context = new TurnContext(conversation, submissionId, pump, approvals, cancellationToken);
            var item = new FunctionCallItem { Name = toolName, Arguments = argumentsJson, CallId = $"direct_{Guid.NewGuid():N}" };
            await conversation.AppendAsync(item, cancellationToken).ConfigureAwait(false);
            var output = await tools.CreateRouter(conversation.Config).DispatchAsync(ToolCall.From(item)!, context, cancellationToken).ConfigureAwait(false);

            // Saved even when the caller gave up, so the thread's history keeps every call answered.
            await conversation.AppendAsync(output, CancellationToken.None).ConfigureAwait(false);
            var text = output is FunctionCallOutputItem function ? function.Output : string.Empty;
            return new DirectToolResult(conversation.Id, text, context.Recorder.Build(conversation.TotalUsage));
        }
        finally
        {
            await pump.DrainAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends the threads' sessions and closes their rollouts, as the agent's conversations are at shutdown.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var creating in _sessions.Values)
        {
            if (creating.IsValueCreated && creating.Value.IsCompletedSuccessfully)
            {
                await creating.Value.Result.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<Conversation> CreateAsync(CodexConfig config, ConfigRequest request)
    {
        var id = Guid.CreateVersion7().ToString();
        var startedAt = DateTimeOffset.UtcNow;
        var rollout = RolloutWriter.Create(config.CodexHome, id, startedAt);

        // No model is ever called for direct calls, so no credential is needed; a later
        // codex-reply on this thread resumes it with the configured provider and key.
        var conversation = new Conversation(id, config, ModelClientFactory.Create(config.ModelProvider, apiKey: null), rollout, []);
        await rollout.WriteSessionMetaAsync(
            new SessionMeta
            {
                Id = id,
                Timestamp = startedAt,
                Cwd = config.Cwd,
                Originator = originator,
                CliVersion = BuiltInProviders.CodexVersion,
                Model = config.Model,
                ModelProvider = config.ModelProviderId,
                Request = StoredConfigRequest.From(request, config.Cwd),
            },
            CancellationToken.None).ConfigureAwait(false);
        await conversation.AppendAsync(MessageItem.User($"Direct tool calls from an MCP client in {config.Cwd}."), CancellationToken.None).ConfigureAwait(false);
        return conversation;
    }
}
