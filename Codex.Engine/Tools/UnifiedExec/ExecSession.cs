using System.Diagnostics;
using Codex.Engine.Exec;
using Codex.Protocol;

namespace Codex.Engine.Tools.UnifiedExec;

/// <summary>A process started by <c>exec_command</c> that may outlive the call: its pty or pipes and what the events need.</summary>
internal sealed class ExecSession(int id, IExecSessionProcess process, string callId, IReadOnlyList<string> command, string cwd, IReadOnlyList<ParsedCommand> parsed) : IDisposable
{
    private int _deltas;
    private int _ended;

    public int Id { get; } = id;

    public IExecSessionProcess Process { get; } = process;

    /// <summary>The <c>exec_command</c> call that started it: every event of the session carries its id.</summary>
    public string CallId { get; } = callId;

    public IReadOnlyList<string> Command { get; } = command;

    public string Cwd { get; } = cwd;

    public IReadOnlyList<ParsedCommand> Parsed { get; } = parsed;

    public Stopwatch Age { get; } = Stopwatch.StartNew();

    /// <summary>When a call last used it (the least recently used is ended first when too many are open).</summary>
    public long LastUsedTicks { get; set; } = Stopwatch.GetTimestamp();

    /// <summary>Counts a delta event; false once the session has sent as many as a command may.</summary>
    public bool TryCountDelta() => Interlocked.Increment(ref _deltas) <= Exec.ProcessRunner.MaxDeltasPerStream;

    /// <summary>True the first time only: <c>exec_command_end</c> is sent once.</summary>
    public bool TryMarkEnded() => Interlocked.Exchange(ref _ended, 1) == 0;

    public void Dispose() => Process.Dispose();
}
