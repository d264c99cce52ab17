namespace Codex.Engine.Exec;

/// <summary>Receives live output chunks of a running command (each becomes an <c>exec_command_output_delta</c>).</summary>
public interface IExecOutputSink
{
    /// <summary>
    /// Called for each chunk as it is read (at most 8192 bytes, at most 10 000 calls per stream).
    /// The chunk is owned by the sink. Reading waits for the returned task, so a slow sink slows the
    /// pipe, never loses output.
    /// </summary>
    ValueTask OnOutputAsync(ExecOutputStream stream, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);
}
