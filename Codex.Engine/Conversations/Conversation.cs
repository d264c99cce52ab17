using Codex.Engine.Config;
using Codex.Engine.Model;
using Codex.Engine.Tools.UnifiedExec;
using Codex.Protocol;

namespace Codex.Engine.Conversations;

/// <summary>
/// One conversation: its settings, history, model client, rollout and session approvals. Turns
/// run one at a time; a reply that arrives during a turn waits for it (its submission queue).
/// </summary>
internal sealed class Conversation : IAsyncDisposable
{
    private readonly List<ResponseItem> _history;
    private readonly SemaphoreSlim _turnLock = new(1, 1);
    private int _nextReplySubmission;

    public Conversation(string id, CodexConfig config, IModelClient model, RolloutWriter rollout, IEnumerable<ResponseItem> history)
    {
        Id = id;
        Config = config;
        Model = model;
        Rollout = rollout;
        _history = [.. history];
    }

    public string Id { get; }

    public CodexConfig Config { get; }

    public IModelClient Model { get; }

    public RolloutWriter Rollout { get; }

    public IReadOnlyList<ResponseItem> History => _history;

    /// <summary>Commands approved with <c>approved_for_session</c>: argv + cwd + escalation.</summary>
    public HashSet<string> ApprovedCommands { get; } = new(StringComparer.Ordinal);

    /// <summary>Roots under which patches were approved with <c>approved_for_session</c>.</summary>
    public HashSet<string> ApprovedPatchRoots { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>exec_command</c> processes still running; killed when the conversation ends.</summary>
    public ExecSessionStore ExecSessions { get; } = new();

    /// <summary>Held while an exec approval is asked, so parallel calls ask one at a time.</summary>
    public SemaphoreSlim ApprovalLock { get; } = new(1, 1);

    /// <summary>Usage of the whole conversation so far.</summary>
    public TokenUsage? TotalUsage { get; private set; }

    /// <summary>The next submission id of a <c>codex-reply</c> turn: "0", "1", … (spec §2.2).</summary>
    public string NextReplySubmissionId() =>
        (Interlocked.Increment(ref _nextReplySubmission) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Saves <paramref name="item"/> to the rollout, then adds it to the history: the history is
    /// always what a resume would read, so an item that could not be saved never reaches the model.
    /// </summary>
    /// <exception cref="RolloutWriteException">The item could not be saved; the history is unchanged.</exception>
    public async Task AppendAsync(ResponseItem item, CancellationToken cancellationToken)
    {
        await Rollout.WriteItemAsync(item, cancellationToken).ConfigureAwait(false);
        _history.Add(item);
    }

    /// <summary>Tokens in the context window after the last model response (its total minus reasoning).</summary>
    public long LastContextTokens { get; private set; }

    /// <summary>Whether the history was compacted after the last model response.</summary>
    public bool JustCompacted { get; set; }

    /// <summary>Records in the rollout that the whole history is replaced (compaction), then replaces it, so a resume sees the same.</summary>
    /// <exception cref="RolloutWriteException">The replacement could not be saved; the history is unchanged.</exception>
    public async Task ReplaceHistoryAsync(IReadOnlyList<ResponseItem> items, CancellationToken cancellationToken)
    {
        await Rollout.WriteCompactedAsync(items, cancellationToken).ConfigureAwait(false);
        _history.Clear();
        _history.AddRange(items);

        // The new history is far smaller; the next response tells its real size.
        LastContextTokens = 0;
    }

    public TokenUsageInfo AddUsage(TokenUsage last)
    {
        LastContextTokens = last.TotalTokens - last.ReasoningOutputTokens;
        TotalUsage = TotalUsage is null ? last : TotalUsage.Add(last);
        return new TokenUsageInfo { TotalTokenUsage = TotalUsage, LastTokenUsage = last, ModelContextWindow = Config.EffectiveContextWindow };
    }

    /// <summary>Waits for the conversation's previous turn to finish.</summary>
    public async Task<IDisposable> EnterTurnAsync(CancellationToken cancellationToken)
    {
        await _turnLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_turnLock);
    }

    public async ValueTask DisposeAsync()
    {
        ExecSessions.Dispose();
        await Rollout.DisposeAsync().ConfigureAwait(false);
        _turnLock.Dispose();
        ApprovalLock.Dispose();
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
