using Codex.Engine.Conversations;
using Codex.Engine.Exec;
using Codex.Protocol;

namespace Codex.Engine.Tools.Shell;

/// <summary>Turns a command's live output into <c>exec_command_output_delta</c> events.</summary>
internal sealed class ExecEventSink(TurnContext context, string callId) : IExecOutputSink
{
    public ValueTask OnOutputAsync(Exec.ExecOutputStream stream, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        context.Emit(new ExecCommandOutputDeltaEvent
        {
            CallId = callId,
            Stream = stream == Exec.ExecOutputStream.Stdout ? Protocol.ExecOutputStream.Stdout : Protocol.ExecOutputStream.Stderr,
            Chunk = chunk.ToArray(),
        });
        return ValueTask.CompletedTask;
    }
}
