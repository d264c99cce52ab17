using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>One step of the model's plan.</summary>
public sealed record PlanItem
{
    /// <summary>What the step is.</summary>
    [JsonPropertyName("step")]
    public required string Step { get; init; }

    /// <summary>Where it stands.</summary>
    [JsonPropertyName("status")]
    public required StepStatus Status { get; init; }
}

/// <summary>The state of a plan step.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepStatus>))]
public enum StepStatus
{
    /// <summary>Not started.</summary>
    [JsonStringEnumMemberName("pending")] Pending,

    /// <summary>Being worked on (at most one step at a time).</summary>
    [JsonStringEnumMemberName("in_progress")] InProgress,

    /// <summary>Done.</summary>
    [JsonStringEnumMemberName("completed")] Completed,
}
