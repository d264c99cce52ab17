using System.Collections.Concurrent;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Resources;

/// <summary>
/// The resources the client subscribed to, and the notifications about them: a running turn
/// touches its thread on every event, and each subscribed URI gets at most one
/// <c>notifications/resources/updated</c> per <see cref="Interval"/>, always one after the last
/// touch. A new thread sends <c>notifications/resources/list_changed</c>.
/// </summary>
internal sealed class ResourceSubscriptions(JsonRpcConnection connection, Action onListChanged)
{
    /// <summary>The throttle: a busy turn emits hundreds of events a second.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, byte> _subscribed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);

    public void Subscribe(string uri) => _subscribed[uri] = 0;

    public void Unsubscribe(string uri) => _subscribed.TryRemove(uri, out _);

    /// <summary>Notes that a thread changed; cheap when nothing is subscribed.</summary>
    public void Touch(string threadId)
    {
        if (_subscribed.IsEmpty)
        {
            return;
        }

        foreach (var uri in ThreadUris.All(threadId))
        {
            if (_subscribed.ContainsKey(uri) && _pending.TryAdd(uri, 0))
            {
                _ = SendLaterAsync(uri);
            }
        }
    }

    /// <summary>Tells the client the thread list changed (a thread was created).</summary>
    public Task ListChangedAsync()
    {
        onListChanged();
        return connection.SendNotificationAsync(McpMethods.ResourcesListChanged, EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, CancellationToken.None);
    }

    private async Task SendLaterAsync(string uri)
    {
        await Task.Delay(Interval).ConfigureAwait(false);

        // Removed before sending: a touch from now on schedules the next notification.
        _pending.TryRemove(uri, out _);
        try
        {
            await connection.SendNotificationAsync(McpMethods.ResourcesUpdated, new ResourceUriParams { Uri = uri }, ProtocolJsonContext.Default.ResourceUriParams, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone; nobody is left to tell.
        }
    }
}
