using Codex.Engine.Config;

namespace Codex.McpServer.Progress;

/// <summary>
/// How a call that asked for progress (<c>_meta.progressToken</c>) is kept informed: a heartbeat
/// when nothing else was sent for <see cref="Heartbeat"/>, and never two notifications closer
/// together than <see cref="MinInterval"/> (steps that arrive in between are sent together).
/// </summary>
internal sealed record ProgressSettings(TimeSpan Heartbeat, TimeSpan MinInterval)
{
    /// <summary>The config key of the heartbeat interval, in seconds (config.toml or <c>-c</c>).</summary>
    public const string HeartbeatKey = "mcp_server.progress_heartbeat_seconds";

    /// <summary>Well under the 60 s request timeout of the TypeScript SDK and Claude Desktop.</summary>
    public static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(15);

    /// <summary>At most four notifications a second, however fast the model streams.</summary>
    public static readonly TimeSpan DefaultMinInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Reads <see cref="HeartbeatKey"/>; a value below a second would only add noise.</summary>
    /// <exception cref="ConfigException">The value is not a number of seconds from 1 to 86400.</exception>
    public static ProgressSettings From(ConfigValues values)
    {
        var heartbeat = values.Seconds(HeartbeatKey, minimum: 1, maximum: 86_400) ?? DefaultHeartbeat;
        return new ProgressSettings(heartbeat, DefaultMinInterval);
    }
}
