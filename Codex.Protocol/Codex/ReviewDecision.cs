using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>The user's decision on an exec or patch approval (spec §4.3).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewDecision>))]
public enum ReviewDecision
{
    /// <summary>Run the command, or write the patch, once.</summary>
    [JsonStringEnumMemberName("approved")] Approved,

    /// <summary>As approved, and approve the same request for the rest of the conversation.</summary>
    [JsonStringEnumMemberName("approved_for_session")] ApprovedForSession,

    /// <summary>Do not run it; the model is told and the turn goes on.</summary>
    [JsonStringEnumMemberName("denied")] Denied,

    /// <summary>Stop the whole turn.</summary>
    [JsonStringEnumMemberName("abort")] Abort,
}
