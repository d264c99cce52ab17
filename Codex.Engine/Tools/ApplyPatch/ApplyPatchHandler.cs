using System.Diagnostics;
using System.Text.Json;
using Codex.Engine.Approvals;
using Codex.Engine.Conversations;
using Codex.Engine.Exec;
using Codex.Protocol;

namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>
/// The <c>apply_patch</c> tool (spec §7.3, §8) and the patch path of <c>shell</c>: parse and
/// verify the patch (nothing is written and no one is asked if it does not apply), decide by
/// spec §5.6 whether to ask, then write it all-or-nothing and report <c>turn_diff</c>.
/// </summary>
internal sealed class ApplyPatchHandler : IToolHandler
{
    public const string RejectedByUser = "patch rejected by user";

    private const string DefinitionJson = """
        {
          "type": "function",
          "name": "apply_patch",
          "description": "Use the `apply_patch` tool to edit files.\nThe `input` is a patch in this format:\n\n*** Begin Patch\n[ one or more file sections ]\n*** End Patch\n\nEach file section starts with one of three headers:\n*** Add File: <path> - create a new file; every following line is a + line (the initial contents).\n*** Delete File: <path> - remove an existing file; nothing follows.\n*** Update File: <path> - patch an existing file in place (optionally followed by *** Move to: <new path> to rename it).\n\nAn update is a series of chunks. Each chunk starts with @@, optionally followed by a line that identifies where the change is (a class or function header), then the lines around the change: context lines start with a space, removed lines with -, added lines with +. Show about 3 lines of context above and below each change; use more @@ headers if that is not unique. Use *** End of File after a chunk that must match the end of the file.\n\nExample:\n*** Begin Patch\n*** Add File: hello.txt\n+Hello world\n*** Update File: src/app.py\n*** Move to: src/main.py\n@@ def greet():\n-print(\"Hi\")\n+print(\"Hello, world!\")\n*** Delete File: obsolete.txt\n*** End Patch\n\nFile paths must be relative to the working directory, never absolute. The patch is applied completely or not at all.",
          "strict": false,
          "parameters": {
            "type": "object",
            "properties": {
              "input": {"type": "string", "description": "The entire contents of the apply_patch command"}
            },
            "required": ["input"],
            "additionalProperties": false
          }
        }
        """;

    public string Name => "apply_patch";

    public IReadOnlyList<string> Aliases { get; } = ["applypatch"];

    public JsonElement Definition { get; } = ToolDefinitions.Parse(DefinitionJson);

    public Task<string> HandleAsync(ToolCall call, TurnContext context, CancellationToken cancellationToken)
    {
        string patch;
        if (call.IsCustom)
        {
            patch = call.Input ?? string.Empty;
        }
        else if (!TryReadInput(call.Arguments, out patch, out var error))
        {
            return Task.FromResult(ToolDefinitions.ArgumentError(error));
        }

        return ApplyAsync(patch, context.Config.Cwd, call, context, cancellationToken);
    }

    /// <summary>Verifies, approves and writes a patch whose relative paths resolve against <paramref name="cwd"/>.</summary>
    public async Task<string> ApplyAsync(string patchText, string cwd, ToolCall call, TurnContext context, CancellationToken cancellationToken)
    {
        VerifiedPatch verified;
        try
        {
            verified = PatchVerifier.Verify(ApplyPatchParser.Parse(patchText), cwd);
        }
        catch (Exception ex) when (ex is ApplyPatchParseException or ApplyPatchException)
        {
            return $"apply_patch verification failed: {ex.Message}";
        }

        var config = context.Config;
        var plan = ApprovalPolicyEvaluator.PlanPatch(verified.AffectedPaths, verified.IsEmpty, config.ApprovalPolicy, config.SandboxPolicy, config.Cwd, context.Conversation.ApprovedPatchRoots);
        if (plan.Kind == PatchPlanKind.Reject)
        {
            return plan.Text!;
        }

        var autoApproved = plan.Kind == PatchPlanKind.AutoApprove;
        if (!autoApproved)
        {
            var answer = await ApprovalRequester.AskPatchAsync(
                context,
                new PatchApprovalRequest(context.Conversation.Id, context.SubmissionId, call.CallId, verified.Changes, plan.Text, null, config.ApprovalTimeout),
                cancellationToken).ConfigureAwait(false);
            if (answer.Decision == ReviewDecision.Denied)
            {
                return ApprovalRequester.Rejection(RejectedByUser, answer);
            }

            if (answer.Decision == ReviewDecision.ApprovedForSession)
            {
                foreach (var path in verified.AffectedPaths)
                {
                    context.Conversation.ApprovedPatchRoots.Add(Path.GetDirectoryName(Path.GetFullPath(path)) ?? path);
                }
            }
        }

        context.Diff.OnBeforeApply(verified);
        context.Emit(new PatchApplyBeginEvent { CallId = call.CallId, AutoApproved = autoApproved, Changes = verified.Changes });
        var clock = Stopwatch.StartNew();
        var result = await PatchApplier.ApplyAsync(verified, cancellationToken).ConfigureAwait(false);
        context.Emit(new PatchApplyEndEvent { CallId = call.CallId, Stdout = result.Stdout, Stderr = result.Stderr, Success = result.Success });
        if (context.Diff.GetUnifiedDiff() is { } diff)
        {
            context.Emit(new TurnDiffEvent { UnifiedDiff = diff });
        }

        return ModelOutputFormatter.FormatJson(new ExecResult
        {
            ExitCode = result.Success ? 0 : 1,
            Stdout = result.Stdout,
            Stderr = result.Stderr,
            AggregatedOutput = result.Stdout + result.Stderr,
            Duration = clock.Elapsed,
        });
    }

    private static bool TryReadInput(string? arguments, out string patch, out string error)
    {
        patch = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.String)
            {
                patch = input.GetString()!;
                error = string.Empty;
                return true;
            }

            error = "missing field `input` (the whole patch, from *** Begin Patch to *** End Patch)";
            return false;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }
    }
}
