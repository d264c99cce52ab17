using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>How much of the machine commands run by the agent may touch.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SandboxMode>))]
public enum SandboxMode
{
    /// <summary>Read everything, write nothing (except <c>/dev/null</c>), no network.</summary>
    [JsonStringEnumMemberName("read-only")] ReadOnly,

    /// <summary>Read everything, write only under the workspace and the configured writable roots.</summary>
    [JsonStringEnumMemberName("workspace-write")] WorkspaceWrite,

    /// <summary>No sandbox at all.</summary>
    [JsonStringEnumMemberName("danger-full-access")] DangerFullAccess,
}
