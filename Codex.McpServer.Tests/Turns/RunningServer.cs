using System.Collections.Concurrent;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Protocol.Client;
using Codex.Testing;

namespace Codex.McpServer.Tests.Turns;

/// <summary>
/// An <see cref="E2eSession"/> with its server started, which also records every <c>codex/event</c>
/// (of every call, including events that arrive after a cancelled call gave up) and shuts the
/// server down by closing its stdin and waiting for the end of its stdout before the client is
/// disposed. Disposing the client while its read loop is still draining stdout races the loop
/// and can throw from the pipe reader, which would fail a test for a reason unrelated to it.
/// </summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<CodexEvent> _events = new();
    private bool _running;

    private RunningServer(E2eSession session)
    {
        Session = session;
    }

    public E2eSession Session { get; }

    public CodexMcpClient Client => Session.Client;

    public ScriptedModelServer Model => Session.Model;

    /// <summary>Every event received so far, of every call, in arrival order.</summary>
    public IReadOnlyList<CodexEvent> AllEvents => [.. _events];

    /// <summary>Creates the session (model + CODEX_HOME + config.toml) and starts the server.</summary>
    public static async Task<RunningServer> StartAsync(
        ModelScript script,
        CancellationToken cancellationToken,
        string wireApi = "responses",
        string extraConfig = "",
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var session = await E2eSession.CreateAsync(script, wireApi, extraConfig, cancellationToken);
        var server = new RunningServer(session);
        try
        {
            await server.LaunchAsync(environment, cancellationToken);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Waits until an event matching <paramref name="match"/> has arrived (from any call) and returns it.</summary>
    public async Task<CodexEvent> WaitForEventAsync(Func<CodexEvent, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_events.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    /// <summary>A <c>codex</c> call in the workspace.</summary>
    public Task<CodexCallResult> CodexAsync(string prompt, CancellationToken cancellationToken, Func<CodexToolCallParam, CodexToolCallParam>? configure = null, Action<CodexEvent>? onEvent = null) =>
        Session.CodexAsync(prompt, configure, onEvent, cancellationToken);

    /// <summary>A <c>codex-reply</c> call (the client sends both <c>threadId</c> and <c>conversationId</c>).</summary>
    public Task<CodexCallResult> ReplyAsync(string conversationId, string prompt, CancellationToken cancellationToken) =>
        Client.ReplyAsync(conversationId, prompt, cancellationToken: cancellationToken);

    /// <summary>Stops the server cleanly and starts a new process on the same CODEX_HOME (with extra environment, if given).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var exited = await StopAsync(TimeSpan.FromSeconds(5));
        Assert.That(exited, Is.True, "the server process exits on stdin EOF");
        await LaunchAsync(environment, cancellationToken);
    }

    /// <summary>
    /// Closes the server's stdin and waits up to <paramref name="limit"/> for the process to exit and
    /// for the client to have read its stdout to the end. Returns whether it exited in time.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan limit)
    {
        if (!_running)
        {
            return true;
        }

        _running = false;
        var process = Client.Process ?? throw new InvalidOperationException("The client did not start the server process.");
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            await WhenCancelledAsync(Client.Connection.Closed).WaitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        await Session.DisposeAsync();
    }

    private async Task LaunchAsync(IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken)
    {
        await Session.StartServerAsync(new CodexMcpClientOptions { OnEvent = _events.Enqueue }, environment, cancellationToken);
        _running = true;
    }

    private static Task WhenCancelledAsync(CancellationToken token)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => done.TrySetResult());
        return done.Task;
    }
}
