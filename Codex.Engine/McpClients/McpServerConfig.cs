namespace Codex.Engine.McpClients;

/// <summary>One <c>[mcp_servers.NAME]</c> entry of config.toml: a server whose tools the agent may call.</summary>
public sealed record McpServerConfig
{
    /// <summary>The default <c>startup_timeout_sec</c>.</summary>
    public static readonly TimeSpan DefaultStartupTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The default <c>tool_timeout_sec</c>.</summary>
    public static readonly TimeSpan DefaultToolTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The server's name: the key under <c>mcp_servers</c>.</summary>
    public required string Name { get; init; }

    /// <summary>How to reach it.</summary>
    public required McpServerTransport Transport { get; init; }

    /// <summary><c>enabled</c>: false keeps the entry but never starts the server.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>enabled_tools</c>: when set, only these tools are offered.</summary>
    public IReadOnlyList<string>? EnabledTools { get; init; }

    /// <summary><c>disabled_tools</c>: never offered (applied after <see cref="EnabledTools"/>).</summary>
    public IReadOnlyList<string> DisabledTools { get; init; } = [];

    /// <summary><c>startup_timeout_sec</c>: how long starting and listing tools may take.</summary>
    public TimeSpan StartupTimeout { get; init; } = DefaultStartupTimeout;

    /// <summary><c>tool_timeout_sec</c>: how long one tool call may take.</summary>
    public TimeSpan ToolTimeout { get; init; } = DefaultToolTimeout;

    /// <summary>Whether the model is offered <paramref name="tool"/> of this server.</summary>
    public bool IsToolEnabled(string tool) =>
        (EnabledTools is null || EnabledTools.Contains(tool, StringComparer.Ordinal)) && !DisabledTools.Contains(tool, StringComparer.Ordinal);

    /// <summary>Identifies a running client: same name and same way to start it means the same client.</summary>
    internal string ClientKey => Name + '\u0000' + Transport.Fingerprint;
}
