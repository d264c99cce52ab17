using System.Text;
using Codex.Protocol;
using Spectre.Console;

namespace Codex.Demo;

/// <summary>Renders one turn's events as a readable, coloured log (Spectre.Console markup).</summary>
internal sealed class TurnView(IAnsiConsole console)
{
    private const int MaxOutputLines = 30;

    private readonly HashSet<string> _patchesShown = new(StringComparer.Ordinal);

    /// <summary>The last cumulative diff the server reported for the turn.</summary>
    public string? LastDiff { get; private set; }

    /// <summary>The turn's final message, from <c>task_complete</c>.</summary>
    public string? FinalMessage { get; private set; }

    /// <summary>Whether the turn ended without completing (aborted or failed).</summary>
    public string? Failure { get; private set; }

    /// <summary>Status-line text for events that are not logged (deltas, token counts); null for logged ones.</summary>
    public static string? StatusFor(EventMsg msg) => msg switch
    {
        AgentMessageDeltaEvent => "The model is writing…",
        AgentReasoningDeltaEvent or AgentReasoningRawContentDeltaEvent or AgentReasoningSectionBreakEvent => "The model is thinking…",
        ExecCommandOutputDeltaEvent => "The command is running…",
        TokenCountEvent or TaskStartedEvent or UserMessageEvent or ItemStartedEvent or ItemCompletedEvent
            or ExecApprovalRequestEvent or ApplyPatchApprovalRequestEvent or AgentReasoningRawContentEvent => "The model is working…",
        _ => null,
    };

    public void Render(EventMsg msg)
    {
        switch (msg)
        {
            case SessionConfiguredEvent session:
                console.MarkupLine($"[grey]session[/] [blue]{Markup.Escape(session.SessionId)}[/] [grey]model[/] {Markup.Escape(session.Model)}");
                break;
            case AgentReasoningEvent reasoning:
                console.MarkupLine($"[grey italic]thinking: {Markup.Escape(reasoning.Text)}[/]");
                break;
            case AgentMessageEvent message:
                console.MarkupLine($"[bold green]codex[/] {Markup.Escape(message.Message)}");
                break;
            case ExecCommandBeginEvent begin:
                console.MarkupLine($"[bold yellow]$ {Markup.Escape(ShellText(begin.Command))}[/] [grey](in {Markup.Escape(begin.Cwd)})[/]");
                break;
            case ExecCommandEndEvent end:
                RenderOutput(end);
                break;
            case PatchApplyBeginEvent patch:
                console.MarkupLine($"[bold magenta]patch[/] {string.Join(", ", patch.Changes.Keys.Select(Markup.Escape))}{(patch.AutoApproved ? " [grey](auto-approved)[/]" : string.Empty)}");
                if (!_patchesShown.Contains(patch.CallId))
                {
                    RenderChanges(patch.Changes);
                }

                break;
            case PatchApplyEndEvent patchEnd:
                console.MarkupLine(patchEnd.Success ? "[green]  patch applied[/]" : $"[red]  patch failed: {Markup.Escape((patchEnd.Stderr + patchEnd.Stdout).Trim())}[/]");
                break;
            case PlanUpdateEvent plan:
                RenderPlan(plan);
                break;
            case TurnDiffEvent diff:
                LastDiff = diff.UnifiedDiff;
                break;
            case BackgroundEvent background:
                console.MarkupLine($"[grey]{Markup.Escape(background.Message)}[/]");
                break;
            case StreamErrorEvent streamError:
                console.MarkupLine($"[yellow]stream: {Markup.Escape(streamError.Message)}[/]");
                break;
            case ErrorEvent error:
                Failure = error.Message;
                console.MarkupLine($"[bold red]error[/] {Markup.Escape(error.Message)}");
                break;
            case TurnAbortedEvent aborted:
                Failure = $"the turn was aborted ({aborted.Reason})";
                console.MarkupLine($"[bold red]aborted[/] {Markup.Escape(aborted.Reason.ToString())}");
                break;
            case TaskCompleteEvent complete:
                FinalMessage = complete.LastAgentMessage;
                break;
        }
    }

    /// <summary>Shows a patch up for approval; its apply event then names the files only.</summary>
    public void RenderPatchForApproval(string callId, IReadOnlyDictionary<string, FileChange> changes)
    {
        _patchesShown.Add(callId);
        RenderChanges(changes);
    }

    /// <summary>Renders a set of file changes as coloured diffs.</summary>
    public void RenderChanges(IReadOnlyDictionary<string, FileChange> changes)
    {
        foreach (var (path, change) in changes)
        {
            switch (change)
            {
                case AddFileChange add:
                    console.MarkupLine($"  [green]add {Markup.Escape(path)}[/]");
                    RenderDiff(string.Concat(add.Content.Split('\n').Select(line => "+" + line + "\n")));
                    break;
                case DeleteFileChange:
                    console.MarkupLine($"  [red]delete {Markup.Escape(path)}[/]");
                    break;
                case UpdateFileChange update:
                    console.MarkupLine($"  [blue]update {Markup.Escape(path)}[/]{(update.MovePath is { } move ? $" → {Markup.Escape(move)}" : string.Empty)}");
                    RenderDiff(update.UnifiedDiff);
                    break;
            }
        }
    }

    /// <summary>Prints a unified diff with + lines green and - lines red.</summary>
    public void RenderDiff(string diff)
    {
        foreach (var line in diff.TrimEnd('\n').Split('\n'))
        {
            var style = line switch
            {
                _ when line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) => "bold",
                _ when line.StartsWith('+') => "green",
                _ when line.StartsWith('-') => "red",
                _ when line.StartsWith("@@", StringComparison.Ordinal) => "cyan",
                _ => "grey",
            };
            console.MarkupLine($"    [{style}]{Markup.Escape(line)}[/]");
        }
    }

    public static string ShellText(IReadOnlyList<string> command) =>
        string.Join(' ', command.Select(part => part.Length > 0 && part.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@%+".Contains(c)) ? part : "'" + part.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    private void RenderOutput(ExecCommandEndEvent end)
    {
        var lines = end.AggregatedOutput.TrimEnd('\n').Split('\n');
        var shown = new StringBuilder();
        foreach (var line in lines.Take(MaxOutputLines))
        {
            shown.Append("  │ ").AppendLine(line);
        }

        if (lines.Length > MaxOutputLines)
        {
            shown.Append("  │ … ").Append(lines.Length - MaxOutputLines).AppendLine(" more lines");
        }

        if (end.AggregatedOutput.Length > 0)
        {
            console.Markup($"[grey]{Markup.Escape(shown.ToString())}[/]");
        }

        var seconds = end.Duration.ToTimeSpan().TotalSeconds;
        console.MarkupLine(end.ExitCode == 0
            ? $"  [green]exit 0[/] [grey]({seconds:0.00} s)[/]"
            : $"  [red]exit {end.ExitCode}[/] [grey]({seconds:0.00} s)[/]");
    }

    private void RenderPlan(PlanUpdateEvent plan)
    {
        console.MarkupLine("[bold]plan[/]" + (plan.Explanation is { Length: > 0 } why ? $" [grey]{Markup.Escape(why)}[/]" : string.Empty));
        foreach (var item in plan.Plan)
        {
            console.MarkupLine(item.Status switch
            {
                StepStatus.Completed => $"  [green]✓ {Markup.Escape(item.Step)}[/]",
                StepStatus.InProgress => $"  [yellow]→ {Markup.Escape(item.Step)}[/]",
                _ => $"  [grey]○ {Markup.Escape(item.Step)}[/]",
            });
        }
    }
}
