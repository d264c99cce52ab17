using System.Runtime.CompilerServices;
using Codex.McpServer;

// The server re-runs its own binary to launch commands: in that mode it sandboxes itself and
// execs the command, before any of the server starts. The check is a plain string compare so
// a normal start does not load the engine assembly.
if (args.Length > 0 && args[0] == "--codex-run-as-sandbox")
{
    return RunLauncher(args);
}

// Before anything reads a secret: non-dumpable, and no .NET diagnostic IPC (may re-execute the process).
ProcessHardening.Apply();

return await ServerCommand.RunAsync(args).ConfigureAwait(false);

[MethodImpl(MethodImplOptions.NoInlining)]
static int RunLauncher(string[] args) => Codex.Engine.Sandbox.LinuxSandboxLauncher.Run(args);
