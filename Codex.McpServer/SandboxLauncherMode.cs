namespace Codex.McpServer;

/// <summary>
/// The server re-runs its own binary as the command launcher: with this first argument it
/// applies the sandbox to itself and then executes the command (see Codex.Engine.Sandbox).
/// </summary>
internal static class SandboxLauncherMode
{
    public const string Flag = "--codex-run-as-sandbox";
}
