using System.Collections.Concurrent;

namespace Codex.Engine.Tools.UnifiedExec;

/// <summary>
/// The running <c>exec_command</c> sessions of one conversation. They survive the turn that
/// started them (a dev server keeps serving); a cancelled turn or the end of the conversation
/// kills them all. At most <see cref="MaxSessions"/> are kept: starting one more ends the least
/// recently used.
/// </summary>
internal sealed class ExecSessionStore : IDisposable
{
    public const int MaxSessions = 64;

    private readonly ConcurrentDictionary<int, ExecSession> _sessions = new();
    private int _nextId = 1000;

    public int NextId() => Interlocked.Increment(ref _nextId);

    public void Add(ExecSession session)
    {
        while (_sessions.Count >= MaxSessions && _sessions.Values.MinBy(s => s.LastUsedTicks) is { } oldest)
        {
            Remove(oldest.Id);
        }

        _sessions[session.Id] = session;
    }

    public ExecSession? Find(int id) => _sessions.TryGetValue(id, out var session) ? session : null;

    /// <summary>Forgets the session and kills what is left of it.</summary>
    public void Remove(int id)
    {
        if (_sessions.TryRemove(id, out var session))
        {
            session.Dispose();
        }
    }

    /// <summary>Kills every session (a cancelled turn, the end of the conversation).</summary>
    public void KillAll()
    {
        foreach (var id in _sessions.Keys.ToList())
        {
            Remove(id);
        }
    }

    public void Dispose() => KillAll();
}
