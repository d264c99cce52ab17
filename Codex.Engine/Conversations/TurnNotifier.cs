using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Codex.Engine.Auth;
using Microsoft.Extensions.Logging;

namespace Codex.Engine.Conversations;

/// <summary>
/// Runs config.toml's <c>notify</c> program when a turn completes, with upstream's
/// <c>agent-turn-complete</c> JSON as its last argument. Fire-and-forget: the turn never waits for
/// it, a program still running after <see cref="Timeout"/> is killed, and failures are only logged.
/// Its stdout and stderr are drained and dropped, since the server's stdout carries the protocol; it
/// gets the server's environment without the model credentials.
/// </summary>
internal sealed class TurnNotifier(ILogger logger)
{
    /// <summary>How long the program may run before it is killed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts the program in the background; returns at once.</summary>
    public void NotifyTurnComplete(IReadOnlyList<string>? command, CredentialVariables credentials, string threadId, string turnId, string cwd, IReadOnlyList<string> inputMessages, string? lastAssistantMessage)
    {
        if (command is not { Count: > 0 } || string.IsNullOrEmpty(command[0]))
        {
            return;
        }

        var json = AgentTurnCompleteJson(threadId, turnId, cwd, inputMessages, lastAssistantMessage);
        _ = Task.Run(() => RunAsync(command, credentials, json));
    }

    /// <summary>
    /// <c>{"type":"agent-turn-complete","thread-id",…,"turn-id","cwd","input-messages":[…],"last-assistant-message"}</c>,
    /// the field names and order of upstream's <c>UserNotification</c>. Only what JSON requires is escaped, as
    /// upstream's serde does: it is a command-line argument, not HTML.
    /// </summary>
    public static string AgentTurnCompleteJson(string threadId, string turnId, string cwd, IReadOnlyList<string> inputMessages, string? lastAssistantMessage)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("type", "agent-turn-complete");
            json.WriteString("thread-id", threadId);
            json.WriteString("turn-id", turnId);
            json.WriteString("cwd", cwd);
            json.WriteStartArray("input-messages");
            foreach (var message in inputMessages)
            {
                json.WriteStringValue(message);
            }

            json.WriteEndArray();
            json.WriteString("last-assistant-message", lastAssistantMessage);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private async Task RunAsync(IReadOnlyList<string> command, CredentialVariables credentials, string json)
    {
        var startInfo = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.ArgumentList.Add(json);

        // The server's environment, as upstream passes it, minus the model credentials: like the
        // agent's commands, the notifier has no use for them.
        foreach (var name in credentials.Names)
        {
            startInfo.Environment.Remove(name);
        }
        try
        {
            using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("the process did not start");
            process.StandardInput.Close();
            using var deadline = new CancellationTokenSource(Timeout);
            var drain = Task.WhenAll(
                process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, deadline.Token),
                process.StandardError.BaseStream.CopyToAsync(Stream.Null, deadline.Token));
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                await drain.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                logger.LogWarning("The notify program `{Program}` ran longer than {Seconds} s and was killed", command[0], Timeout.TotalSeconds);
                return;
            }

            if (process.ExitCode != 0)
            {
                logger.LogWarning("The notify program `{Program}` exited with code {Code}", command[0], process.ExitCode);
            }
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            logger.LogWarning("The notify program `{Program}` could not be run: {Message}", command[0], ex.Message);
        }
    }
}
