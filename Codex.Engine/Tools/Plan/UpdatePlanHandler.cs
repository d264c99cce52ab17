using System.Text.Json;
using Codex.Engine.Conversations;
using Codex.Protocol;

namespace Codex.Engine.Tools.Plan;

/// <summary>
/// <c>update_plan</c> (spec §7.4): the model records its plan; the client sees a
/// <c>plan_update</c> event and the model gets <c>Plan updated</c>. Arguments are strict.
/// </summary>
internal sealed class UpdatePlanHandler : IToolHandler
{
    private const string DefinitionJson = """
        {
          "type": "function",
          "name": "update_plan",
          "description": "Updates the task plan.\nProvide an optional explanation and a list of plan items, each with a step and status.\nAt most one step can be in_progress at a time.\n",
          "strict": false,
          "parameters": {
            "type": "object",
            "properties": {
              "explanation": {"type": "string"},
              "plan": {
                "type": "array",
                "description": "The list of steps",
                "items": {
                  "type": "object",
                  "properties": {
                    "status": {"type": "string", "description": "One of: pending, in_progress, completed"},
                    "step": {"type": "string"}
                  },
                  "required": ["step", "status"],
                  "additionalProperties": false
                }
              }
            },
            "required": ["plan"],
            "additionalProperties": false
          }
        }
        """;

    private static readonly Dictionary<string, StepStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["pending"] = StepStatus.Pending,
        ["in_progress"] = StepStatus.InProgress,
        ["completed"] = StepStatus.Completed,
    };

    public string Name => "update_plan";

    public JsonElement Definition { get; } = ToolDefinitions.Parse(DefinitionJson);

    public Task<string> HandleAsync(ToolCall call, TurnContext context, CancellationToken cancellationToken)
    {
        if (!TryParse(call.Arguments ?? call.Input ?? string.Empty, out var update, out var error))
        {
            return Task.FromResult(ToolDefinitions.ArgumentError(error));
        }

        context.Emit(update);
        return Task.FromResult("Plan updated");
    }

    internal static bool TryParse(string arguments, out PlanUpdateEvent update, out string error)
    {
        update = null!;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(arguments);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "expected a JSON object with `plan`";
            return false;
        }

        string? explanation = null;
        List<PlanItem>? plan = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "explanation" when property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                    explanation = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    break;
                case "explanation":
                    error = "invalid type for `explanation`, expected a string";
                    return false;
                case "plan":
                    if (!TryParsePlan(property.Value, out plan, out error))
                    {
                        return false;
                    }

                    break;
                default:
                    error = $"unknown field `{property.Name}`, expected `explanation` or `plan`";
                    return false;
            }
        }

        if (plan is null)
        {
            error = "missing field `plan`";
            return false;
        }

        update = new PlanUpdateEvent { Explanation = explanation, Plan = plan };
        error = string.Empty;
        return true;
    }

    private static bool TryParsePlan(JsonElement value, out List<PlanItem>? plan, out string error)
    {
        plan = null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            error = "invalid type for `plan`, expected an array";
            return false;
        }

        var items = new List<PlanItem>();
        foreach (var entry in value.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                error = "invalid plan item, expected an object with `step` and `status`";
                return false;
            }

            string? step = null;
            StepStatus? status = null;
            foreach (var property in entry.EnumerateObject())
            {
                if (property.NameEquals("step") && property.Value.ValueKind == JsonValueKind.String)
                {
                    step = property.Value.GetString();
                }
                else if (property.NameEquals("status") && property.Value.ValueKind == JsonValueKind.String
                    && Statuses.TryGetValue(property.Value.GetString()!, out var parsed))
                {
                    status = parsed;
                }
                else if (property.NameEquals("status"))
                {
                    error = $"unknown variant {property.Value.GetRawText()} for `status`, expected one of `pending`, `in_progress`, `completed`";
                    return false;
                }
                else
                {
                    error = property.NameEquals("step") ? "invalid type for `step`, expected a string" : $"unknown field `{property.Name}` in a plan item";
                    return false;
                }
            }

            if (step is null || status is null)
            {
                error = step is null ? "missing field `step`" : "missing field `status`";
                return false;
            }

            items.Add(new PlanItem { Step = step, Status = status.Value });
        }

        plan = items;
        error = string.Empty;
        return true;
    }
}
