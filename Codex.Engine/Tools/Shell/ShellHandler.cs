using System.Text.Json;
using Codex.Engine.Approvals;
using Codex.Engine.Commands;
using Codex.Engine.Conversations;
using Codex.Engine.Exec;
using Codex.Engine.Sandbox;
using Codex.Engine.Tools.ApplyPatch;
using Codex.Protocol;

namespace Codex.Engine.Tools.Shell;

/// <summary>
/// The <c>shell</c> tool (spec §7.2, §5.2): runs an argv in its own process group, inside the
/// sandbox unless escalated, asking first when the approval policy says so, and re-running
/// without the sandbox (after asking) when the sandbox blocked it. An argv that invokes
/// apply_patch is handed to the patch path instead.
/// </summary>
internal sealed class ShellHandler(ProcessRunner runner, ApplyPatchHandler patches) : IToolHandler
{
    private const string DefinitionJson = """
        {
          "type": "function",
          "name": "shell",
          "description": "Runs a shell command and returns its output.",
          "strict": false,
          "parameters": {
            "type": "object",
            "properties": {
              "command": {"type": "array", "items": {"type": "string"}, "description": "The command to execute"},
              "justification": {"type": "string", "description": "Only set if with_escalated_permissions is true. 1-sentence explanation of why we want to run this command."},
              "timeout_ms": {"type": "number", "description": "The timeout for the command in milliseconds"},
              "with_escalated_permissions": {"type": "boolean", "description": "Whether to request escalated permissions. Set to true if command needs to be run without sandbox restrictions"},
              "workdir": {"type": "string", "description": "The working directory to execute the command in"}
            },
            "required": ["command"],
            "additionalProperties": false
          }
        }
        """;

    public const string RejectedByUser = "exec command rejected by user";

    public string Name => "shell";

    public IReadOnlyList<string> Aliases { get; } = ["container.exec", "local_shell"];

    public JsonElement Definition { get; } = ToolDefinitions.Parse(DefinitionJson);

    /// <summary>
    /// Read-only: a known-safe command (spec §5.3), or any unescalated command that the policy runs
    /// in a sandbox without disk write access. apply_patch never is.
    /// </summary>
    public bool IsReadOnly(ToolCall call, TurnContext context)
    {
        if (call.Item is Model.LocalShellCallItem || !ShellArguments.TryParse(call.Arguments ?? call.Input ?? string.Empty, out var arguments, out _)
            || arguments.Command.Count == 0 || arguments.WithEscalatedPermissions)
        {
            return false;
        }

        var cwd = arguments.Workdir is { Length: > 0 } workdir ? Path.GetFullPath(workdir, context.Config.Cwd) : context.Config.Cwd;
        if (ApplyPatchInvocationParser.Parse(arguments.Command, cwd) is not Commands.NotApplyPatch)
        {
            return false;
        }

        return CommandSafety.IsKnownSafe(arguments.Command) || context.Config.SandboxPolicy.Mode == SandboxMode.ReadOnly;
    }

    public async Task<string> HandleAsync(ToolCall call, TurnContext context, CancellationToken cancellationToken)
    {
        ShellArguments arguments;
        if (call.Item is Model.LocalShellCallItem { Action: Model.LocalShellExecAction action })
        {
            arguments = new ShellArguments(action.Command, action.WorkingDirectory, action.TimeoutMs is { } t ? (int)Math.Min(t, int.MaxValue) : null, false, null);
        }
        else if (!ShellArguments.TryParse(call.Arguments ?? call.Input ?? string.Empty, out arguments, out var error))
        {
            return ToolDefinitions.ArgumentError(error);
        }

        if (arguments.Command.Count == 0)
        {
            return "command args are empty";
        }

        var cwd = arguments.Workdir is { Length: > 0 } workdir ? Path.GetFullPath(workdir, context.Config.Cwd) : context.Config.Cwd;
        switch (ApplyPatchInvocationParser.Parse(arguments.Command, cwd))
        {
            case ApplyPatchInvocation invocation:
                return await patches.ApplyAsync(invocation.Patch, invocation.EffectiveCwd, call, context, cancellationToken).ConfigureAwait(false);
            case ApplyPatchInvocationError invalid:
                return $"apply_patch verification failed: {invalid.Message}";
        }

        return await RunCommandAsync(arguments, cwd, call, context, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> RunCommandAsync(ShellArguments arguments, string cwd, ToolCall call, TurnContext context, CancellationToken cancellationToken)
    {
        var config = context.Config;
        var argv = arguments.Command;
        var key = ApprovalPolicyEvaluator.CommandKey(argv, cwd, arguments.WithEscalatedPermissions);
        var approved = context.Conversation.ApprovedCommands.Contains(key);
        var plan = ApprovalPolicyEvaluator.PlanExec(argv, config.ApprovalPolicy, config.SandboxPolicy, arguments.WithEscalatedPermissions, approved);
        var parsed = ParsedCommandSummarizer.Summarize(argv);

        if (plan.Kind == ExecPlanKind.Reject)
        {
            return plan.RejectionText!;
        }

        if (plan.Kind == ExecPlanKind.Ask)
        {
            var answer = await AskAsync(context, call, argv, cwd, parsed, arguments.Justification, cancellationToken).ConfigureAwait(false);
            if (answer.Decision == ReviewDecision.Denied)
            {
                return ApprovalRequester.Rejection(RejectedByUser, answer);
            }

            Remember(context, answer, key);
            approved = true;
        }

        var result = await RunAsync(arguments, argv, cwd, plan.Sandboxed, parsed, call, context, cancellationToken).ConfigureAwait(false);
        if (plan.Sandboxed && SandboxDenial.IsLikelyDenied(result))
        {
            if (await SandboxDenialFlow.DecideAsync(context, call, argv, cwd, parsed, key, approved, result, end => EmitEnd(context, call, end), cancellationToken).ConfigureAwait(false) is { } final)
            {
                return final;
            }

            result = await RunAsync(arguments, argv, cwd, sandboxed: false, parsed, call, context, cancellationToken).ConfigureAwait(false);
        }

        EmitEnd(context, call, result);
        return ModelOutputFormatter.FormatJson(result);
    }

    private static void EmitEnd(TurnContext context, ToolCall call, ExecResult result) =>
        context.Emit(new ExecCommandEndEvent
        {
            CallId = call.CallId,
            Stdout = result.Stdout,
            Stderr = result.Stderr,
            AggregatedOutput = result.AggregatedOutput,
            ExitCode = result.ExitCode,
            Duration = result.Duration,
            FormattedOutput = ModelOutputFormatter.FormatOutput(result),
        });

    /// <summary>Asks the client to approve running <paramref name="argv"/> (also used by <c>exec_command</c>).</summary>
    internal static Task<ApprovalAnswer> AskAsync(TurnContext context, ToolCall call, IReadOnlyList<string> argv, string cwd, IReadOnlyList<ParsedCommand> parsed, string? reason, CancellationToken cancellationToken) =>
        ApprovalRequester.AskExecAsync(
            context,
            new ExecApprovalRequest(context.Conversation.Id, context.SubmissionId, call.CallId, argv, ShellQuoting.Join(argv), cwd, parsed, reason, context.Config.ApprovalTimeout),
            cancellationToken);

    /// <summary>Keeps an <c>approved_for_session</c> answer for the rest of the conversation.</summary>
    internal static void Remember(TurnContext context, ApprovalAnswer answer, string key)
    {
        if (answer.Decision == ReviewDecision.ApprovedForSession)
        {
            context.Conversation.ApprovedCommands.Add(key);
        }
    }

    private async Task<ExecResult> RunAsync(ShellArguments arguments, IReadOnlyList<string> argv, string cwd, bool sandboxed, IReadOnlyList<ParsedCommand> parsed, ToolCall call, TurnContext context, CancellationToken cancellationToken)
    {
        var config = context.Config;
        var policy = sandboxed ? config.SandboxPolicy : SandboxPolicy.DangerFullAccess;
        context.Emit(new ExecCommandBeginEvent { CallId = call.CallId, Command = argv, Cwd = cwd, ParsedCmd = parsed });
        ExecResult result;
        try
        {
            // The network flag follows the configured policy even for an unsandboxed re-run (spec §6.6).
            var environment = ShellEnvironment.Build(config.ShellEnvironmentPolicy, config.SandboxPolicy, config.CredentialVariables);
            result = await runner.RunAsync(
                new ExecRequest { Argv = argv, Cwd = cwd, Environment = environment, SandboxPolicy = policy, TimeoutMs = arguments.TimeoutMs },
                new ExecEventSink(context, call.CallId),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or ArgumentException or SandboxSetupException or UnauthorizedAccessException)
        {
            // The command could not start (not found, bad cwd, no sandbox): the model is told, the turn goes on.
            result = new ExecResult { ExitCode = -1, Stdout = string.Empty, Stderr = $"execution error: {ex.Message}", AggregatedOutput = $"execution error: {ex.Message}", Duration = TimeSpan.Zero };
        }

        // The caller emits exec_command_end once it knows whether this was a sandbox denial.
        return result;
    }
}
