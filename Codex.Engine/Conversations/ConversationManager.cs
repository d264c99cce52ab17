using System.Collections.Concurrent;
using Codex.Engine.Approvals;
using Codex.Engine.Auth;
using Codex.Engine.Config;
using Codex.Engine.Images;
using Codex.Engine.Instructions;
using Codex.Engine.Model;
using Codex.Engine.Tools;
using Codex.Protocol;
using Microsoft.Extensions.Logging;

namespace Codex.Engine.Conversations;

/// <summary>
/// Starts, continues and resumes conversations. Conversations are independent and run
/// concurrently; each runs its own turns one at a time. A conversation that is not in memory is
/// resumed from its rollout file, so conversations survive a restart of the host.
/// </summary>
public sealed class ConversationManager : IAsyncDisposable
{
    private readonly CodexEngineOptions _options;
    private readonly ConfigLoader _configLoader;
    private readonly CredentialResolver _credentials;
    private readonly ToolRegistry _tools;
    private readonly ModelRequestSettings _requestSettings;
    private readonly ConversationCompactor _compactor;
    private readonly DirectToolSessions _direct;
    private readonly ILogger _logger;

    // Made once: CreateLogger<T> formats the type's name on every call, which showed in a turn's profile.
    private readonly ILogger _turnLogger;
    private readonly TurnNotifier _notifier;
    private readonly ConcurrentDictionary<string, Task<Conversation>> _conversations = new(StringComparer.Ordinal);

    /// <summary>Creates the manager.</summary>
    public ConversationManager(CodexEngineOptions options, ILoggerFactory loggerFactory)
    {
        _options = options;
        _configLoader = new ConfigLoader(options.CodexHome, options.ConfigOverrides);
        _credentials = new CredentialResolver(options.CodexHome, logger: loggerFactory.CreateLogger<ChatGptSession>());
        _tools = new ToolRegistry(options, loggerFactory);
        _requestSettings = new ModelRequestSettings(options.UserAgent, options.Originator);
        _compactor = new ConversationCompactor(_requestSettings);
        _direct = new DirectToolSessions(_configLoader, _tools, options.Originator);
        _logger = loggerFactory.CreateLogger<ConversationManager>();
        _turnLogger = loggerFactory.CreateLogger<TurnRunner>();
        _notifier = new TurnNotifier(loggerFactory.CreateLogger<TurnNotifier>());
    }

    /// <summary>
    /// Starts a conversation and runs its first turn. Emits <c>session_configured</c> (id <c>""</c>)
    /// first, then the turn's events under <paramref name="submissionId"/>.
    /// </summary>
    /// <exception cref="ConfigException">The configuration is unusable.</exception>
    /// <exception cref="MissingCredentialException">No API key for the provider.</exception>
    /// <exception cref="ImageInputException">An image of <paramref name="options"/> is unusable; nothing was started.</exception>
    public async Task<TurnResult> StartAsync(ConfigRequest request, string prompt, TurnOptions options, string submissionId, IEventSink events, IApprovalGateway approvals, CancellationToken cancellationToken)
    {
        var config = _configLoader.Load(request);

        // Checked before anything is created, so a bad image changes nothing.
        options = options with { InputImages = ImageLoader.LoadAll(options.Images, config.Cwd) };
        var credential = _credentials.Resolve(config.ModelProvider, config.LoginRestrictions);
        config = ForCredential(config, credential);

        // Before the rollout is created: a provider that cannot serve leaves no empty thread behind.
        var model = CreateModel(config, credential);
        var id = Guid.CreateVersion7().ToString();
        var startedAt = DateTimeOffset.UtcNow;
        var rollout = RolloutWriter.Create(config.CodexHome, id, startedAt);
        var conversation = new Conversation(id, config, model, rollout, []);
        await rollout.WriteSessionMetaAsync(
            new SessionMeta
            {
                Id = id,
                Timestamp = startedAt,
                Cwd = config.Cwd,
                Originator = _options.Originator,
                CliVersion = BuiltInProviders.CodexVersion,
                Model = config.Model,
                ModelProvider = config.ModelProviderId,
                Request = StoredConfigRequest.From(request, config.Cwd),
            },
            CancellationToken.None).ConfigureAwait(false);
        foreach (var item in InitialContext.Items(config))
        {
            await conversation.AppendAsync(item, CancellationToken.None).ConfigureAwait(false);
        }

        _conversations[id] = Task.FromResult(conversation);
        _logger.LogInformation("Conversation {Id} started with model {Model} via {Provider}", id, config.Model, config.ModelProviderId);

        await events.EmitAsync(string.Empty, new SessionConfiguredEvent
        {
            SessionId = id,
            Model = config.Model,
            ReasoningEffort = config.ReasoningEffort,

            // The baseline always sends these; we keep no history.jsonl, so both are 0 (spec §3.2).
            HistoryLogId = 0,
            HistoryEntryCount = 0,
            RolloutPath = rollout.Path,
        }, CancellationToken.None).ConfigureAwait(false);

        return await RunTurnAsync(conversation, prompt, options, submissionId, events, approvals, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Continues a conversation, resuming it from disk when it is not in memory.</summary>
    /// <exception cref="FormatException">The id is not a UUID.</exception>
    /// <exception cref="ConversationNotFoundException">No such conversation.</exception>
    /// <exception cref="ConversationResumeException">Its rollout file could not be read.</exception>
    /// <exception cref="ImageInputException">An image of <paramref name="options"/> is unusable; the turn did not run.</exception>
    public async Task<TurnResult> ReplyAsync(string conversationId, string prompt, TurnOptions options, IEventSink events, IApprovalGateway approvals, CancellationToken cancellationToken)
    {
        var id = NormalizeId(conversationId);
        var loading = _conversations.GetOrAdd(id, key => ResumeAsync(key));
        Conversation conversation;
        try
        {
            conversation = await loading.ConfigureAwait(false);
        }
        catch
        {
            // A failed resume must not poison later attempts (the file may appear or be fixed).
            _conversations.TryRemove(new KeyValuePair<string, Task<Conversation>>(id, loading));
            throw;
        }

        options = options with { InputImages = ImageLoader.LoadAll(options.Images, conversation.Config.Cwd) };
        var submissionId = conversation.NextReplySubmissionId();
        return await RunTurnAsync(conversation, prompt, options, submissionId, events, approvals, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one of the agent's tools (<c>shell</c>, <c>apply_patch</c>) without a model, for a
    /// front end that offers them directly: same sandbox, approval policy, approvals and events as
    /// the agent's calls, recorded in a saved thread per cwd and policy.
    /// </summary>
    /// <exception cref="ConfigException">The configuration is unusable.</exception>
    public Task<DirectToolResult> RunToolAsync(ConfigRequest request, string toolName, string argumentsJson, Func<string, IEventSink> events, IApprovalGateway approvals, CancellationToken cancellationToken) =>
        _direct.RunAsync(request, toolName, argumentsJson, events, approvals, cancellationToken);

    /// <summary>Parses any UUID form and returns it lowercase and hyphenated.</summary>
    /// <exception cref="FormatException">The text is not a UUID.</exception>
    public static string NormalizeId(string conversationId)
    {
        var text = conversationId.Trim();
        if (text.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["urn:uuid:".Length..];
        }

        return Guid.TryParse(text, out var guid)
            ? guid.ToString()
            : throw new FormatException($"`{conversationId}` is not a UUID; expected an id like 0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10 from an earlier `codex` result.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var loading in _conversations.Values)
        {
            if (loading.IsCompletedSuccessfully)
            {
                await loading.Result.DisposeAsync().ConfigureAwait(false);
            }
        }

        await _direct.DisposeAsync().ConfigureAwait(false);
        await _tools.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<TurnResult> RunTurnAsync(Conversation conversation, string prompt, TurnOptions options, string submissionId, IEventSink events, IApprovalGateway approvals, CancellationToken cancellationToken)
    {
        var pump = new EventPump(events);
        var queued = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            using var turn = await conversation.EnterTurnAsync(cancellationToken).ConfigureAwait(false);
            var context = new TurnContext(conversation, submissionId, pump, approvals, cancellationToken) { Options = options };
            var runner = new TurnRunner(await _tools.CreateRouterAsync(conversation.Config, context).ConfigureAwait(false), _requestSettings, _compactor, _turnLogger);
            var result = await runner.RunAsync(context, prompt).ConfigureAwait(false);
            var summary = context.Recorder.Build(conversation.TotalUsage);
            await SaveTurnDiffAsync(conversation, summary).ConfigureAwait(false);
            if (result.Outcome == TurnOutcome.Completed)
            {
                _notifier.NotifyTurnComplete(conversation.Config.Notify, conversation.Config.CredentialVariables, conversation.Id, submissionId, conversation.Config.Cwd, [prompt], result.LastAgentMessage);
            }

            return result with { Summary = summary };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while queued behind another turn: this turn never started.
            pump.Post(submissionId, new TurnAbortedEvent { Reason = TurnAbortReason.Interrupted });
            return new TurnResult(TurnOutcome.Interrupted, conversation.Id, null, "The turn was interrupted before it started.")
            {
                Summary = TurnSummary.Empty(System.Diagnostics.Stopwatch.GetElapsedTime(queued)),
            };
        }
        finally
        {
            await pump.DrainAsync().ConfigureAwait(false);
        }
    }

    /// <summary>ChatGPT tokens on the built-in provider go to the ChatGPT backend (see <see cref="CodexConfig.ChatGptModelBaseUrl"/>).</summary>
    private static CodexConfig ForCredential(CodexConfig config, ModelCredential credential) =>
        credential.ChatGpt is not null && config.ChatGptModelBaseUrl is { } baseUrl
            ? config with { ModelProvider = config.ModelProvider with { BaseUrl = baseUrl } }
            : config;

    /// <summary>
    /// Keeps the turn's diff in the rollout, so a saved thread can show its diffs later. Best
    /// effort: the turn's work is done and saved, and a diff that cannot be written only leaves
    /// the thread's diff view without it.
    /// </summary>
    private async Task SaveTurnDiffAsync(Conversation conversation, TurnSummary summary)
    {
        if (summary.Diff is not { } diff)
        {
            return;
        }

        try
        {
            await conversation.Rollout.WriteTurnDiffAsync(diff, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RolloutWriteException ex)
        {
            _logger.LogWarning("The turn diff of {Conversation} was not saved: {Message}", conversation.Id, ex.Message);
        }
    }

    /// <summary>The model client of a conversation: the provider's HTTP API, or the front end's client model for <c>mcp-client</c>.</summary>
    /// <exception cref="ConfigException"><c>mcp-client</c> is selected but the front end's client cannot sample.</exception>
    private IModelClient CreateModel(CodexConfig config, ModelCredential credential)
    {
        if (config.ModelProviderId != BuiltInProviders.McpClientId)
        {
            return ModelClientFactory.Create(config.ModelProvider, credential);
        }

        var reason = _options.ClientModel is null ? "this front end has no client model" : _options.ClientModel.UnavailableReason;
        return reason is null
            ? new Model.Sampling.ClientSamplingModelClient(_options.ClientModel!)
            : throw new ConfigException($"model_provider `{BuiltInProviders.McpClientId}` runs the agent on the MCP client's own model through sampling/createMessage, but {reason}. Declare the `sampling` capability with `tools` in the client, or choose another model_provider.");
    }

    private async Task<Conversation> ResumeAsync(string id)
    {
        string? path = null;
        SessionMeta meta;
        List<ResponseItem> history;
        try
        {
            path = RolloutReader.Find(_options.CodexHome, id) ?? throw new ConversationNotFoundException(id);
            (meta, history) = await RolloutReader.ReadAsync(path, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "Resuming conversation {Id} from {Path} failed", id, path);
            throw new ConversationResumeException(ex.Message, ex);
        }

        var config = _configLoader.Load(meta.Request.ToRequest());
        var credential = _credentials.Resolve(config.ModelProvider, config.LoginRestrictions);
        config = ForCredential(config, credential);
        _logger.LogInformation("Conversation {Id} resumed from {Path} with {Count} history items", id, path, history.Count);
        return new Conversation(id, config, CreateModel(config, credential), RolloutWriter.Open(path), history);
    }
}
