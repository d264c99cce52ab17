using System.Text.Json.Serialization;

namespace Codex.Engine.Model;

/// <summary>The <c>action</c> of a <c>local_shell_call</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(LocalShellExecAction), "exec")]
public abstract record LocalShellAction
{
    private protected LocalShellAction()
    {
    }
}

/// <summary>
/// <c>{"type":"exec","command":[…],"timeout_ms":…,"working_directory":…,"env":…,"user":…}</c>; absent
/// optionals are written as <c>null</c>, as the original does.
/// </summary>
public sealed record LocalShellExecAction : LocalShellAction
{
    /// <summary>argv.</summary>
    [JsonPropertyName("command")]
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Timeout in milliseconds.</summary>
    [JsonPropertyName("timeout_ms")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? TimeoutMs { get; init; }

    /// <summary>Working directory.</summary>
    [JsonPropertyName("working_directory")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? WorkingDirectory { get; init; }

    /// <summary>Extra environment.</summary>
    [JsonPropertyName("env")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>User to run as.</summary>
    [JsonPropertyName("user")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? User { get; init; }
}
