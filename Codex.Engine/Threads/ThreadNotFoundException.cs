namespace Codex.Engine.Threads;

/// <summary>No saved conversation has the id (or the id is not one).</summary>
public sealed class ThreadNotFoundException(string id)
    : Exception($"No saved thread has the id `{id}`.")
{
    /// <summary>The id asked for.</summary>
    public string Id { get; } = id;
}
