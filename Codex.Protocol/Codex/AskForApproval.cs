using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>When the agent asks the user before running a command or writing a patch.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AskForApproval>))]
public enum AskForApproval
{
    /// <summary>Ask for everything except known-safe read-only commands.</summary>
    [JsonStringEnumMemberName("untrusted")] Untrusted,

    /// <summary>Never ask up front; run sandboxed and ask to re-run unsandboxed if the sandbox blocks the command.</summary>
    [JsonStringEnumMemberName("on-failure")] OnFailure,

    /// <summary>The model decides when to ask for escalation; dangerous-looking commands are asked about too.</summary>
    [JsonStringEnumMemberName("on-request")] OnRequest,

    /// <summary>Never ask; failures go back to the model.</summary>
    [JsonStringEnumMemberName("never")] Never,
}
