using System.Globalization;
using System.Runtime.InteropServices;
using Codex.Testing;

// A scripted OpenAI-compatible model for demos: `Codex.MockModel --port 0 --script <file.json>`.
// Prints "listening on http://127.0.0.1:PORT/v1" and serves until Ctrl+C or SIGTERM, whatever stdin
// is (started in the background its stdin is /dev/null, which must not stop it); with
// --exit-on-stdin-eof a parent can stop it by closing its stdin instead.

const string Usage = """
    usage: Codex.MockModel [--port <n>] [--exit-on-stdin-eof] --script <file.json>
    Serves POST /v1/responses and /v1/chat/completions on 127.0.0.1, one scripted reply per request,
    until Ctrl+C or SIGTERM. The script format is in README.md ("The scripted model").
    """;

int port = 0;
string? scriptPath = null;
var exitOnStdinEof = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length:
            if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
            {
                await Console.Error.WriteLineAsync($"Codex.MockModel: --port must be a number from 0 to 65535, got '{args[i]}'.");
                return 2;
            }

            break;
        case "--script" when i + 1 < args.Length:
            scriptPath = args[++i];
            break;
        case "--exit-on-stdin-eof":
            exitOnStdinEof = true;
            break;
        case "--help" or "-h":
            Console.WriteLine(Usage);
            return 0;
        default:
            await Console.Error.WriteLineAsync($"Codex.MockModel: unexpected argument '{args[i]}'.\n{Usage}");
            return 2;
    }
}

if (scriptPath is null)
{
    await Console.Error.WriteLineAsync($"Codex.MockModel: --script is required.\n{Usage}");
    return 2;
}

ModelScript script;
try
{
    script = ModelScriptJson.Parse(await File.ReadAllTextAsync(scriptPath));
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
{
    await Console.Error.WriteLineAsync($"Codex.MockModel: cannot load script {scriptPath}: {ex.Message}");
    return 1;
}

using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });

await using var server = await ScriptedModelServer.StartAsync(script, port, stop.Token);
Console.WriteLine($"listening on {server.BaseUrl.AbsoluteUri.TrimEnd('/')}");
Console.Out.Flush();

// Only on request: stdin EOF as the parent's way to say "done" without signals.
var stdinClosed = !exitOnStdinEof ? Task.Delay(Timeout.Infinite, stop.Token) : Task.Run(async () =>
{
    using var stdin = Console.OpenStandardInput();
    var buffer = new byte[256];
    while (await stdin.ReadAsync(buffer, stop.Token) > 0)
    {
    }
});

// Task.WhenAny never throws, so a signal (cancelled delay) and EOF both just end the wait.
await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token));
await Console.Error.WriteLineAsync("Codex.MockModel: stopped");

return 0;
