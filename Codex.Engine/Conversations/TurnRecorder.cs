using System.Diagnostics;
using Codex.Engine.Commands;
using Codex.Protocol;

namespace Codex.Engine.Conversations;

/// <summary>
/// Builds a <see cref="TurnSummary"/> from the events a turn emits, so every tool that reports its
/// work as events (shell, apply_patch, and any added later) is counted without knowing about this.
/// </summary>
internal sealed class TurnRecorder
{
    private readonly Lock _gate = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TokenUsage? _usageBefore;
    private readonly Dictionary<string, IReadOnlyList<string>> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, FileChange>> _patches = new(StringComparer.Ordinal);
    private readonly List<CommandRun> _runs = [];
    private readonly List<ChangedFile> _changed = [];
    private string? _diff;

    public TurnRecorder(TokenUsage? usageBefore)
    {
        _usageBefore = usageBefore;
    }

    public void Observe(EventMsg message)
    {
        lock (_gate)
        {
            switch (message)
            {
                case ExecCommandBeginEvent begin:
                    _commands[begin.CallId] = begin.Command;
                    break;
                case ExecCommandEndEvent end:
                    var argv = _commands.GetValueOrDefault(end.CallId) ?? [];
                    _runs.Add(new CommandRun(ShellQuoting.Join(argv), end.ExitCode, end.Duration.ToTimeSpan()));
                    break;
                case PatchApplyBeginEvent begin:
                    _patches[begin.CallId] = begin.Changes;
                    break;
                case PatchApplyEndEvent { Success: true } end when _patches.Remove(end.CallId, out var changes):
                    AddChanges(changes);
                    break;
                case TurnDiffEvent diff:
                    _diff = diff.UnifiedDiff;
                    break;
            }
        }
    }

    public TurnSummary Build(TokenUsage? usageAfter)
    {
        lock (_gate)
        {
            return new TurnSummary([.. _changed], _diff, [.. _runs], Difference(usageAfter, _usageBefore), Stopwatch.GetElapsedTime(_started));
        }
    }

    private void AddChanges(IReadOnlyDictionary<string, FileChange> changes)
    {
        foreach (var (path, change) in changes)
        {
            switch (change)
            {
                case AddFileChange:
                    Add(path, "add");
                    break;
                case DeleteFileChange:
                    Add(path, "delete");
                    break;
                case UpdateFileChange { MovePath: { } destination }:
                    Add(path, "delete");
                    Add(destination, "add");
                    break;
                case UpdateFileChange:
                    Add(path, "update");
                    break;
            }
        }
    }

    // A file patched twice in one turn is listed once, with its latest kind.
    private void Add(string path, string kind)
    {
        var index = _changed.FindIndex(c => c.Path == path);
        if (index < 0)
        {
            _changed.Add(new ChangedFile(path, kind));
        }
        else
        {
            var previous = _changed[index].Kind;

            // Added then edited in the same turn is still an addition; deleted then re-added is an update.
            var merged = (previous, kind) switch
            {
                ("add", "update") => "add",
                ("add", "delete") => null,
                ("delete", "add") => "update",
                _ => kind,
            };
            if (merged is null)
            {
                _changed.RemoveAt(index);
            }
            else
            {
                _changed[index] = new ChangedFile(path, merged);
            }
        }
    }

    private static TokenUsage? Difference(TokenUsage? after, TokenUsage? before) =>
        after is null ? null : before is null ? after : new TokenUsage
        {
            InputTokens = after.InputTokens - before.InputTokens,
            CachedInputTokens = after.CachedInputTokens - before.CachedInputTokens,
            OutputTokens = after.OutputTokens - before.OutputTokens,
            ReasoningOutputTokens = after.ReasoningOutputTokens - before.ReasoningOutputTokens,
            TotalTokens = after.TotalTokens - before.TotalTokens,
        };
}
