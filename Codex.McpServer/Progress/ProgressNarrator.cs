using System.Globalization;
using System.Text;
using Codex.Protocol;

namespace Codex.McpServer.Progress;

/// <summary>
/// Tells a turn's events as short lines a person wants to see (the steps: turn started, a command
/// began or ended, a patch applied, a plan updated, waiting for approval, retrying the model, a
/// reasoning heading, the final message), and keeps track of what is going on between them (the
/// <see cref="Activity"/> a heartbeat reports). Deltas never make a step. Not thread-safe: the
/// events of one call arrive one at a time.
/// </summary>
internal sealed class ProgressNarrator
{
    private const int CommandLength = 80;
    private const int MessageLength = 120;

    // A heading is the first bold text of a section; a section that has none in its first 2,000
    // characters will not get one, and keeping more would only cost memory.
    private const int ReasoningBufferLimit = 2_000;

    private readonly Dictionary<string, string> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _patches = new(StringComparer.Ordinal);
    private readonly HashSet<string> _headings = new(StringComparer.Ordinal);
    private readonly StringBuilder _section = new();
    private bool _sectionHeadingFound;

    /// <summary>The first step, sent as soon as the call arrives.</summary>
    public const string Starting = "starting";

    /// <summary>What the turn is doing now, e.g. <c>the model is writing</c>.</summary>
    public string Activity { get; private set; } = "starting the session";

    /// <summary>Returns the step this event makes, or null; may change <see cref="Activity"/>.</summary>
    public string? Narrate(EventMsg message)
    {
        switch (message)
        {
            case TaskStartedEvent:
                Activity = "waiting for the model";
                return "turn started";
            case AgentMessageDeltaEvent:
                Activity = "the model is writing";
                return null;
            case AgentReasoningDeltaEvent delta:
                Activity = "the model is thinking";
                return ReasoningDelta(delta.Delta);
            case AgentReasoningSectionBreakEvent:
                _section.Clear();
                _sectionHeadingFound = false;
                return null;
            case AgentReasoningEvent reasoning:
                // The whole section once its item is done: a heading the deltas did not show yet.
                return ReasoningHeading.Extract(reasoning.Text) is { } whole && _headings.Add(whole) ? Thinking(whole) : null;
            case ExecCommandBeginEvent begin:
            {
                var command = ShortCommand(begin.Command);
                _commands[begin.CallId] = command;
                Activity = $"running `{command}`";
                return $"running `{command}`";
            }

            case ExecCommandEndEvent end:
            {
                var command = _commands.Remove(end.CallId, out var known) ? known : "a command";
                Activity = "waiting for the model";
                return string.Create(CultureInfo.InvariantCulture, $"`{command}` exited with {end.ExitCode} after {Elapsed(end.Duration.ToTimeSpan())}");
            }

            case ExecApprovalRequestEvent approval:
                Activity = "waiting for approval";
                return $"waiting for approval to run `{ShortCommand(approval.Command)}`";
            case ApplyPatchApprovalRequestEvent patchApproval:
                Activity = "waiting for approval";
                return $"waiting for approval to change {Files(patchApproval.Changes.Keys)}";
            case PatchApplyBeginEvent patch:
                _patches[patch.CallId] = Files(patch.Changes.Keys);
                Activity = "applying a patch";
                return null;
            case PatchApplyEndEvent patchEnd:
            {
                var files = _patches.Remove(patchEnd.CallId, out var known) ? known : "files";
                Activity = "waiting for the model";
                return patchEnd.Success ? $"patch applied: {files}" : $"patch failed: {files}";
            }

            case PlanUpdateEvent plan:
            {
                var done = plan.Plan.Count(item => item.Status == StepStatus.Completed);
                var current = plan.Plan.FirstOrDefault(item => item.Status == StepStatus.InProgress);
                var text = string.Create(CultureInfo.InvariantCulture, $"plan updated: {done} of {plan.Plan.Count} steps done");
                return current is null ? text : $"{text}; now: {Shorten(current.Step, MessageLength)}";
            }

            case StreamErrorEvent retry:
                Activity = "retrying the model";
                return $"retrying the model ({Shorten(retry.Message, MessageLength)})";
            case ErrorEvent error:
                return $"error: {Shorten(error.Message, MessageLength)}";
            case TurnAbortedEvent:
                Activity = "interrupted";
                return "turn interrupted";
            case TaskCompleteEvent complete:
                Activity = "finished";
                return complete.LastAgentMessage is { Length: > 0 } last ? $"finished: {Shorten(last, MessageLength)}" : "finished";
            default:
                return null;
        }
    }

    /// <summary>One line, at most <paramref name="length"/> characters, with an ellipsis when cut.</summary>
    public static string Shorten(string text, int length)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= length ? line : string.Concat(line.AsSpan(0, length - 1).TrimEnd(), "…");
    }

    /// <summary>
    /// The command line as a person reads it: the script of <c>bash -lc script</c>, else the argv
    /// joined by spaces; one line, shortened.
    /// </summary>
    public static string ShortCommand(IReadOnlyList<string> argv)
    {
        var text = argv.Count == 3 && argv[1] is "-c" or "-lc" && Path.GetFileName(argv[0]) is "bash" or "sh" or "zsh" or "dash"
            ? argv[2]
            : string.Join(' ', argv);
        return Shorten(text, CommandLength);
    }

    /// <summary><c>4.2 s</c>, <c>1m 05s</c>.</summary>
    public static string Elapsed(TimeSpan span) => span < TimeSpan.FromMinutes(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m {span.Seconds:00}s");

    private string? ReasoningDelta(string delta)
    {
        if (_sectionHeadingFound || _section.Length >= ReasoningBufferLimit)
        {
            return null;
        }

        _section.Append(delta);
        if (ReasoningHeading.Extract(_section.ToString()) is not { } heading)
        {
            return null;
        }

        _sectionHeadingFound = true;
        return _headings.Add(heading) ? Thinking(heading) : null;
    }

    private static string Thinking(string heading) => $"thinking: {Shorten(heading, MessageLength)}";

    private static string Files(IEnumerable<string> paths)
    {
        var names = paths.Select(Path.GetFileName).Where(name => !string.IsNullOrEmpty(name)).ToList();
        const int shown = 3;
        var text = string.Join(", ", names.Take(shown));
        return names.Count > shown ? string.Create(CultureInfo.InvariantCulture, $"{text} and {names.Count - shown} more") : text;
    }
}
