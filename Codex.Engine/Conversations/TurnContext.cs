using Codex.Engine.Approvals;
using Codex.Engine.Config;
using Codex.Engine.Tools.ApplyPatch;
using Codex.Protocol;

namespace Codex.Engine.Conversations;

/// <summary>Everything a tool handler needs during one turn.</summary>
internal sealed class TurnContext
{
    private readonly EventPump _events;

    public TurnContext(Conversation conversation, string submissionId, EventPump events, IApprovalGateway approvals, CancellationToken cancellationToken)
    {
        Conversation = conversation;
        SubmissionId = submissionId;
        _events = events;
        Approvals = approvals;
        CancellationToken = cancellationToken;
        Diff = new TurnDiffTracker(conversation.Config.Cwd);
        Recorder = new TurnRecorder(conversation.TotalUsage);
    }

    public Conversation Conversation { get; }

    public CodexConfig Config => Conversation.Config;

    public string SubmissionId { get; }

    /// <summary>What the tool call added to this turn (per-turn reasoning overrides, images).</summary>
    public TurnOptions Options { get; init; } = TurnOptions.None;

    public IApprovalGateway Approvals { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Items a call adds for the next model request (e.g. the image of <c>view_image</c>), by call id.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string CallId, Model.ResponseItem Item)> PendingInput { get; } = new();

    /// <summary>The files this turn changed, for <c>turn_diff</c>.</summary>
    public TurnDiffTracker Diff { get; }

    /// <summary>What the turn did so far (commands, changed files, diff), read from its events.</summary>
    public TurnRecorder Recorder { get; }

    /// <summary>Queues an event under this turn's submission id.</summary>
    public void Emit(EventMsg message)
    {
        Recorder.Observe(message);
        _events.Post(SubmissionId, message);
    }

    /// <summary>Waits until every queued event reached the client (e.g. before asking for approval).</summary>
    public Task FlushEventsAsync() => _events.FlushAsync();
}
