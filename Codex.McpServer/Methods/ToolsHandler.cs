using Codex.McpServer.Tasks;
using Codex.McpServer.Tools;
using Codex.McpServer.Turns;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Methods;

/// <summary>
/// <c>tools/list</c> and <c>tools/call</c> over the <see cref="ToolTable"/>. A task-augmented call
/// (params <c>task</c>) of a turn tool starts the turn as a task and answers <c>CreateTaskResult</c> at once.
/// </summary>
internal sealed class ToolsHandler(ToolTable tools, EngineHost host, TaskStore tasks)
{
    public ValueTask<JsonRpcReply> ListAsync(JsonRpcRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(JsonRpcReply.Result(new ListToolsResult { Tools = tools.Definitions }, ProtocolJsonContext.Default.ListToolsResult));

    public async ValueTask<JsonRpcReply> CallAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var parameters = RequestParams.Read(request, ProtocolJsonContext.Default.CallToolRequestParams);
        var call = new ToolCallContext(request.Id, parameters);
        CallToolResult result;
        try
        {
            if (parameters.Task is { } task)
            {
                return CreateTask(call, task);
            }

            result = await tools.CallAsync(call, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // E.g. the last progress notification: none may follow the response.
            await call.RunBeforeResponseAsync().ConfigureAwait(false);
        }

        return JsonRpcReply.Result(result, ProtocolJsonContext.Default.CallToolResult);
    }

    private JsonRpcReply CreateTask(ToolCallContext call, TaskMetadata task)
    {
        if (tools.FindTurnTool(call.Params.Name) is not { } tool)
        {
            return JsonRpcReply.Error(JsonRpcErrorCodes.InvalidParams, $"Tool '{call.Params.Name}' cannot run as a task; call it without `task`. Only 'codex' and 'codex-reply' support tasks.");
        }

        var taskId = Guid.NewGuid().ToString();
        var turnRequest = tool.Prepare(call);
        RunningTurn turn;
        if (turnRequest.Error is { } error)
        {
            // Bad arguments: the task exists and has already failed, with the error as its result.
            turn = new RunningTurn(call.RequestId, null, detached: true, taskId);
            turn.Complete(new TurnCompletion(error, CodexTurnStatus.Failed));
        }
        else
        {
            turn = host.StartTurn(turnRequest.Work!, turnRequest.ThreadId, detached: true, call, taskId);
        }

        var entry = tasks.Create(turn, task.Ttl);
        return JsonRpcReply.Result(new CreateTaskResult { Task = entry.ToWire(TaskStore.PollIntervalMs) }, ProtocolJsonContext.Default.CreateTaskResult);
    }
}
