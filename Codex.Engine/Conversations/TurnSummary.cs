using Codex.Protocol;

namespace Codex.Engine.Conversations;

/// <summary>What one turn did, for a caller that checks the work without reading prose.</summary>
/// <param name="ChangedFiles">The files the turn's patches changed, in order; a move is a delete and an add.</param>
/// <param name="Diff">The turn's cumulative unified diff, or null when it changed nothing.</param>
/// <param name="CommandsRun">The commands the turn ran, in order.</param>
/// <param name="TokenUsage">The tokens the turn's model calls used, or null when the provider reported none.</param>
/// <param name="Duration">The turn's wall time.</param>
public sealed record TurnSummary(
    IReadOnlyList<ChangedFile> ChangedFiles,
    string? Diff,
    IReadOnlyList<CommandRun> CommandsRun,
    TokenUsage? TokenUsage,
    TimeSpan Duration)
{
    /// <summary>A turn that did nothing (e.g. cancelled before it started).</summary>
    public static TurnSummary Empty(TimeSpan duration) => new([], null, [], null, duration);
}

/// <summary>A file a turn changed.</summary>
/// <param name="Path">The file's absolute path.</param>
/// <param name="Kind"><c>add</c>, <c>delete</c> or <c>update</c>.</param>
public sealed record ChangedFile(string Path, string Kind);

/// <summary>A command a turn ran.</summary>
/// <param name="Command">The command line, shell-quoted.</param>
/// <param name="ExitCode">Its exit code (-1 when it could not start or the sandbox denied it).</param>
/// <param name="Duration">How long it ran.</param>
public sealed record CommandRun(string Command, int ExitCode, TimeSpan Duration);
