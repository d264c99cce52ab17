using System.Text.Json;
using Codex.Engine.Config;

namespace Codex.McpServer.Tools.Direct;

/// <summary>What a direct tool asks the engine to run: the agent tool, its arguments, and the config of the call.</summary>
/// <param name="Request">Cwd, sandbox and approval policy.</param>
/// <param name="EngineTool"><c>shell</c> or <c>apply_patch</c>.</param>
/// <param name="Arguments">The agent tool's arguments, as the model would send them.</param>
/// <param name="NoMatchIsSuccess">Whether exit code 1 means "nothing found" rather than failure (grep, git diff --exit-code style).</param>
internal sealed record DirectCall(ConfigRequest Request, string EngineTool, JsonElement Arguments, bool NoMatchIsSuccess = false);
