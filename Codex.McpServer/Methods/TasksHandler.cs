using Codex.McpServer.Tasks;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Methods;

/// <summary><c>tasks/get</c>, <c>tasks/result</c>, <c>tasks/list</c> and <c>tasks/cancel</c> over the <see cref="TaskStore"/>.</summary>
internal sealed class TasksHandler(TaskStore tasks)
{
    // How long tasks/cancel waits for the turn to stop before it answers.
    private static readonly TimeSpan CancelSettle = TimeSpan.FromSeconds(10);

    public ValueTask<JsonRpcReply> GetAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var entry = tasks.Get(RequestParams.Read(request, ProtocolJsonContext.Default.TaskIdParams).TaskId);
        return ValueTask.FromResult(JsonRpcReply.Result(entry.ToWire(TaskStore.PollIntervalMs), ProtocolJsonContext.Default.McpTask));
    }

    /// <summary>Waits until the task is over, then returns the <c>tools/call</c> result, tied to the task by <c>_meta</c>.</summary>
    public async ValueTask<JsonRpcReply> ResultAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var entry = tasks.Get(RequestParams.Read(request, ProtocolJsonContext.Default.TaskIdParams).TaskId);
        var completion = await entry.Turn.Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
        var result = completion.Result with { Meta = new RequestMeta { RelatedTask = new RelatedTask { TaskId = entry.Id } } };
        return JsonRpcReply.Result(result, ProtocolJsonContext.Default.CallToolResult);
    }

    public ValueTask<JsonRpcReply> ListAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var list = new ListTasksResult { Tasks = [.. tasks.List().Select(t => t.ToWire(TaskStore.PollIntervalMs))] };
        return ValueTask.FromResult(JsonRpcReply.Result(list, ProtocolJsonContext.Default.ListTasksResult));
    }

    /// <summary>Interrupts the turn as <c>notifications/cancelled</c> does; the conversation stays usable.</summary>
    public async ValueTask<JsonRpcReply> CancelAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var entry = tasks.Get(RequestParams.Read(request, ProtocolJsonContext.Default.TaskIdParams).TaskId);
        if (McpTaskStatus.IsTerminal(entry.Status))
        {
            return JsonRpcReply.Error(JsonRpcErrorCodes.InvalidParams, $"Task '{entry.Id}' is already {entry.Status}; only a working task can be cancelled.");
        }

        entry.CancelRequested = true;
        await entry.Turn.Cancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await entry.Turn.Finished.WaitAsync(CancelSettle, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Still winding down; it already counts as cancelled.
        }

        return JsonRpcReply.Result(entry.ToWire(TaskStore.PollIntervalMs), ProtocolJsonContext.Default.McpTask);
    }
}
