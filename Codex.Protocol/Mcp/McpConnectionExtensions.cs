using System.Text.Json;
using Codex.Protocol.JsonRpc;

namespace Codex.Protocol.Mcp;

/// <summary>MCP notifications sent over a <see cref="JsonRpcConnection"/>.</summary>
public static class McpConnectionExtensions
{
    /// <summary>
    /// Sends <c>notifications/progress</c> for a request that carried <c>_meta.progressToken</c>.
    /// </summary>
    /// <param name="connection">The connection.</param>
    /// <param name="progressToken">The token from the request (a string or a number), as received.</param>
    /// <param name="progress">Progress so far; it must increase with every notification.</param>
    /// <param name="total">The total, when known.</param>
    /// <param name="message">A human-readable status.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    public static Task SendProgressAsync(this JsonRpcConnection connection, JsonElement progressToken, double progress, double? total = null, string? message = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (progressToken.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            throw new ArgumentException("A progress token is a string or a number.", nameof(progressToken));
        }

        return connection.SendNotificationAsync(
            McpMethods.Progress,
            new ProgressNotificationParams { ProgressToken = progressToken, Progress = progress, Total = total, Message = message },
            ProtocolJsonContext.Default.ProgressNotificationParams,
            cancellationToken);
    }
}
