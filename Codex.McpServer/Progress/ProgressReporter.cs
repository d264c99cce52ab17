using System.Text.Json;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer.Progress;

/// <summary>
/// Sends one <c>tools/call</c>'s <c>notifications/progress</c> (MCP basic/utilities/progress):
/// the call's own token, a progress count that rises by one with every notification, and a short
/// message. Steps (see <see cref="ProgressNarrator"/>) are never dropped: those that come within
/// <see cref="ProgressSettings.MinInterval"/> of the last notification wait and go out together
/// in one message. When nothing was sent for <see cref="ProgressSettings.Heartbeat"/>, a heartbeat
/// says what the turn is doing, so a client that resets its timeout on progress never gives up
/// on a live turn. After <see cref="CompleteAsync"/> nothing more is sent, which is how no
/// progress ever follows the call's response.
/// </summary>
internal sealed class ProgressReporter
{
    private const string StepSeparator = "; ";

    private readonly JsonRpcConnection _connection;
    private readonly JsonElement _token;
    private readonly ProgressSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly ProgressNarrator _narrator = new();
    private readonly List<string> _steps = [];
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly long _started;
    private readonly Task _loop;
    private long _lastSent;
    private long _activitySince;
    private string _activity;
    private long _progress;
    private bool _completed;

    public ProgressReporter(JsonRpcConnection connection, JsonElement token, ProgressSettings settings, ILogger logger, TimeProvider? time = null)
    {
        _connection = connection;
        _token = token.Clone();
        _settings = settings;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _started = _lastSent = _activitySince = _time.GetTimestamp();
        _activity = _narrator.Activity;

        // The first notification goes out at once: a client with a short timeout hears from the
        // call before the session is even set up.
        _steps.Add(ProgressNarrator.Starting);
        _lastSent = _started - _time.TimestampFrequency;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The token of a call that asked for progress: <c>_meta.progressToken</c>, a string or a number.</summary>
    public static bool TryGetToken(JsonElement? meta, out JsonElement token)
    {
        if (meta is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty("progressToken", out token)
            && token.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            return true;
        }

        token = default;
        return false;
    }

    /// <summary>Takes the call's next event (in order); cheap, never blocks on the client.</summary>
    public void Observe(EventMsg message)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            var step = _narrator.Narrate(message);
            if (!string.Equals(_narrator.Activity, _activity, StringComparison.Ordinal))
            {
                _activity = _narrator.Activity;
                _activitySince = _time.GetTimestamp();
            }

            if (step is null)
            {
                return;
            }

            _steps.Add(step);
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
    }

    /// <summary>
    /// Sends the steps still waiting (the throttle does not hold back the last one) and stops.
    /// Returns once nothing more can be sent for this call.
    /// </summary>
    public async ValueTask CompleteAsync()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        string? last;
        lock (_gate)
        {
            last = TakeSteps();
        }

        if (last is not null)
        {
            await SendAsync(last).ConfigureAwait(false);
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                string? message = null;
                TimeSpan wait;
                lock (_gate)
                {
                    var now = _time.GetTimestamp();
                    var sinceLast = _time.GetElapsedTime(_lastSent, now);
                    if (_steps.Count > 0)
                    {
                        wait = _settings.MinInterval - sinceLast;
                        if (wait <= TimeSpan.Zero)
                        {
                            message = TakeSteps();
                        }
                    }
                    else
                    {
                        wait = _settings.Heartbeat - sinceLast;
                        if (wait <= TimeSpan.Zero)
                        {
                            message = Heartbeat(now);
                        }
                    }
                }

                if (message is not null)
                {
                    if (!await SendAsync(message).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                await _wake.WaitAsync(wait, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // CompleteAsync: the steps still waiting go out there.
        }
    }

    // Under _gate.
    private string? TakeSteps()
    {
        if (_steps.Count == 0)
        {
            return null;
        }

        var text = string.Join(StepSeparator, _steps);
        _steps.Clear();
        return text;
    }

    // Under _gate.
    private string Heartbeat(long now) =>
        $"still working ({ProgressNarrator.Elapsed(_time.GetElapsedTime(_started, now))}): {_activity} for {ProgressNarrator.Elapsed(_time.GetElapsedTime(_activitySince, now))}";

    /// <summary>Sends one notification; false when the client is gone (then nothing more is tried).</summary>
    private async Task<bool> SendAsync(string message)
    {
        long progress;
        lock (_gate)
        {
            progress = ++_progress;
            _lastSent = _time.GetTimestamp();
        }

        try
        {
            await _connection.SendProgressAsync(_token, progress, total: null, message, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _logger.LogDebug(ex, "A progress notification could not be sent");
            return false;
        }
    }
}
