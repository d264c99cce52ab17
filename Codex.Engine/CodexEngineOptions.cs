namespace Codex.Engine;


/// <summary>How the engine is set up by its host.</summary>
public sealed record CodexEngineOptions
{
    /// <summary>CODEX_HOME; see <see cref="Config.CodexHome.Resolve"/>.</summary>
    public required string CodexHome { get; init; }

    /// <summary>The host's <c>-c key=value</c> overrides, applied to every conversation.</summary>
    public IReadOnlyList<string> ConfigOverrides { get; init; } = [];

    /// <summary>The HTTP <c>User-Agent</c> sent to the model provider.</summary>
    public string UserAgent { get; init; } = "codex_cli_rs/0.1.0";

    /// <summary>The <c>originator</c> header.</summary>
    public string Originator { get; init; } = "codex_cli_rs";

    /// <summary>
    /// The program that starts each command in its own process group, sandboxed when asked.
    /// Null means the running executable, whose <c>Main</c> must hand launcher invocations to
    /// <see cref="Sandbox.LinuxSandboxLauncher.Run"/>.
    /// </summary>
    public Sandbox.SandboxLauncher? SandboxLauncher { get; init; }

    /// <summary>
    /// Passes elicitations from the agent's MCP servers (<c>[mcp_servers]</c>) on to the user; null
    /// declines them, with a reason.
    /// </summary>
    public McpClients.IMcpElicitationForwarder? McpElicitations { get; init; }

    /// <summary>The front end's client model for the <c>mcp-client</c> provider, or null when the front end has none.</summary>
    public Model.Sampling.IClientModelSampler? ClientModel { get; init; }
}
