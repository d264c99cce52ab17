using System.Diagnostics;
using Codex.Engine.Config;
using Codex.McpServer.Tools;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Turns;

/// <summary>
/// How a <c>codex</c>/<c>codex-reply</c> call waits on its turn. In the foreground it waits for the
/// end, as before, unless an approval gets parked or <c>mcp_server.call_timeout_seconds</c> passes:
/// then it answers <c>waiting_for_approval</c> or <c>running</c> and the turn goes on. With
/// <c>background: true</c> it answers <c>running</c> at once.
/// </summary>
internal static class TurnCalls
{
    public static async ValueTask<CallToolResult> RunAsync(EngineHost host, TurnRequest request, ToolCallContext call, CancellationToken cancellationToken)
    {
        if (request.Error is { } error)
        {
            return error;
        }

        TimeSpan? limit;
        try
        {
            limit = host.CallTimeout();
        }
        catch (ConfigException ex) when (ex.Key != ConfigLoader.CallTimeoutKey)
        {
            // A broken config.toml: the turn reports it in the words each tool always used.
            limit = null;
        }
        catch (ConfigException ex)
        {
            return CallToolResult.Error($"Failed to load Codex configuration: {ex.Message}");
        }

        RunningTurn turn;
        try
        {
            turn = host.StartTurn(request.Work!, request.ThreadId, request.Background, call, taskId: null);
        }
        catch (ConfigException ex)
        {
            return TurnResults.ConfigFailed(ex).Result;
        }

        if (request.Background)
        {
            await turn.ThreadKnown.WaitAsync(cancellationToken).ConfigureAwait(false);
            return TurnReports.Report(turn, turn.Completion is null ? "Started in the background." : null);
        }

        return await FollowAsync(turn, limit, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CallToolResult> FollowAsync(RunningTurn turn, TimeSpan? limit, CancellationToken cancellationToken)
    {
        // While the request waits, its cancellation is the turn's (notifications/cancelled as
        // before); once it has answered, only codex-cancel or tasks/cancel stop the turn.
        using var registration = cancellationToken.Register(() =>
        {
            if (!turn.Detached)
            {
                turn.Cancellation.Cancel();
            }
        });
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (turn.Completion is { } done)
            {
                return done.Result;
            }

            var remaining = limit is { } l ? l - Stopwatch.GetElapsedTime(started) : Timeout.InfiniteTimeSpan;
            if (turn.Approvals.HasPending || (limit is not null && remaining <= TimeSpan.Zero))
            {
                turn.Detach();
                await turn.ThreadKnown.ConfigureAwait(false);
                return TurnReports.Report(turn);
            }

            await turn.WaitForChangeAsync(turn.Status, remaining, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
