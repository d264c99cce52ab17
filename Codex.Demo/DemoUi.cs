using System.Threading.Channels;
using Codex.Protocol;
using Codex.Protocol.Client;
using Spectre.Console;

namespace Codex.Demo;

/// <summary>
/// The one thread that writes to the terminal. Events and approval requests arrive on the client's
/// threads and are queued here, so the live status line, the log and the approval prompts never
/// interleave: the status line runs while the queue is empty and stops before anything is printed.
/// </summary>
internal sealed class DemoUi(IAnsiConsole console, TurnView view, bool askForApprovals)
{
    private readonly Channel<object> _items = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });

    public int ApprovalsAsked { get; private set; }

    /// <summary>Queues an event of the turn.</summary>
    public void Post(CodexEvent codexEvent) => _items.Writer.TryWrite(codexEvent.Msg);

    /// <summary>Queues an approval request; completes with the person's (or the automatic) answer.</summary>
    public ValueTask<ApprovalAnswer> AskAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        var pending = new PendingApproval(request);
        _items.Writer.TryWrite(pending);
        return new ValueTask<ApprovalAnswer>(pending.Answer.Task.WaitAsync(cancellationToken));
    }

    /// <summary>No more items: <see cref="RunAsync"/> returns once the queue is drained.</summary>
    public void Complete() => _items.Writer.TryComplete();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var live = console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;
        while (true)
        {
            var next = live ? await NextWithStatusAsync(cancellationToken) : await NextAsync(cancellationToken);
            switch (next)
            {
                case null:
                    return;
                case EventMsg msg:
                    view.Render(msg);
                    break;
                case PendingApproval approval:
                    approval.Answer.TrySetResult(Decide(approval.Request));
                    break;
            }
        }
    }

    private async Task<object?> NextAsync(CancellationToken cancellationToken)
    {
        while (await _items.Reader.WaitToReadAsync(cancellationToken))
        {
            if (_items.Reader.TryRead(out var item) && !(item is EventMsg msg && TurnView.StatusFor(msg) is not null))
            {
                return item;
            }
        }

        return null;
    }

    private async Task<object?> NextWithStatusAsync(CancellationToken cancellationToken)
    {
        object? next = null;
        await console.Status().Spinner(Spinner.Known.Dots).StartAsync("The model is working…", async status =>
        {
            while (await _items.Reader.WaitToReadAsync(cancellationToken))
            {
                if (!_items.Reader.TryRead(out var item))
                {
                    continue;
                }

                if (item is EventMsg msg && TurnView.StatusFor(msg) is { } text)
                {
                    status.Status(text);
                    continue;
                }

                next = item;
                return;
            }
        });
        return next;
    }

    private ApprovalAnswer Decide(ApprovalRequest request)
    {
        ApprovalsAsked++;
        if (request.Exec is { } exec)
        {
            console.MarkupLine($"[bold yellow]approval[/] run [bold]{Markup.Escape(TurnView.ShellText(exec.CodexCommand))}[/] [grey]in {Markup.Escape(exec.CodexCwd)}[/]");
            if (exec.CodexReason is { Length: > 0 } reason)
            {
                console.MarkupLine($"  [grey]reason: {Markup.Escape(reason)}[/]");
            }
        }
        else if (request.Patch is { } patch)
        {
            console.MarkupLine("[bold yellow]approval[/] apply this patch:");
            view.RenderPatchForApproval(patch.CodexCallId, patch.CodexChanges);
        }
        else
        {
            console.MarkupLine($"[bold yellow]approval[/] [grey]{Markup.Escape(request.Kind)}[/]");
        }

        if (!askForApprovals)
        {
            console.MarkupLine("  [green]→ approved automatically[/] [grey](--yes or no terminal)[/]");
            return new ApprovalAnswer(ReviewDecision.Approved);
        }

        console.Markup("  Approve? [bold]y[/] yes · [bold]a[/] yes for this session · [bold]n[/] no · [bold]q[/] abort the turn: ");
        while (true)
        {
            var key = char.ToLowerInvariant(Console.ReadKey(intercept: true).KeyChar);
            (ReviewDecision decision, string text)? choice = key switch
            {
                'y' => (ReviewDecision.Approved, "[green]approved[/]"),
                'a' => (ReviewDecision.ApprovedForSession, "[green]approved for this session[/]"),
                'n' => (ReviewDecision.Denied, "[red]denied[/]"),
                'q' => (ReviewDecision.Abort, "[red]aborting the turn[/]"),
                _ => null,
            };
            if (choice is { } made)
            {
                console.MarkupLine($"{key} → {made.text}");
                return new ApprovalAnswer(made.decision);
            }
        }
    }

    private sealed class PendingApproval(ApprovalRequest request)
    {
        public ApprovalRequest Request { get; } = request;

        public TaskCompletionSource<ApprovalAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
