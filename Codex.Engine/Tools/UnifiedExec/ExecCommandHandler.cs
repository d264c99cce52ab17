using System.Text.Json;
using Codex.Engine.Approvals;
using Codex.Engine.Commands;
using Codex.Engine.Conversations;
using Codex.Engine.Exec;
using Codex.Engine.Exec.Pty;
using Codex.Engine.Sandbox;
using Codex.Engine.Tools.Shell;
using Codex.Protocol;

namespace Codex.Engine.Tools.UnifiedExec;

/// <summary>
/// <c>exec_command</c> (unified exec): runs <c>cmd</c> through a shell, on a pty with <c>tty: true</c>
/// and on plain pipes (stdin closed) otherwise, under the same approvals, sandbox and environment
/// policy as <c>shell</c>, and returns after <c>yield_time_ms</c> with the output so far. A process
/// still running keeps its session for <see cref="WriteStdinHandler"/>.
/// </summary>
internal sealed class ExecCommandHandler(ISandbox sandbox) : IToolHandler
{
    private const string DefinitionJson = """
        {
          "type": "function",
          "name": "exec_command",
          "description": "Runs a command in a PTY, returning output or a session ID for ongoing interaction.",
          "strict": false,
          "parameters": {
            "type": "object",
            "properties": {
              "cmd": {"type": "string", "description": "Shell command to execute."},
              "justification": {"type": "string", "description": "User-facing approval question for `require_escalated`; omit otherwise."},
              "login": {"type": "boolean", "description": "True runs the shell with -l/-i semantics; false disables them. Defaults to true."},
              "max_output_tokens": {"type": "number", "description": "Output token budget. Defaults to 10000 tokens; larger requests may be capped by policy."},
              "prefix_rule": {"type": "array", "description": "Reusable approval prefix for `cmd`, only with `sandbox_permissions: \"require_escalated\"`; for example [\"git\", \"pull\"].", "items": {"type": "string"}},
              "sandbox_permissions": {"type": "string", "description": "Per-command sandbox override. Defaults to `use_default`; use `require_escalated` for unsandboxed execution.", "enum": ["use_default", "require_escalated"]},
              "shell": {"type": "string", "description": "Shell binary to launch. Defaults to the user's default shell."},
              "tty": {"type": "boolean", "description": "True allocates a PTY for the command; false or omitted uses plain pipes."},
              "workdir": {"type": "string", "description": "Working directory for the command. Defaults to the turn cwd."},
              "yield_time_ms": {"type": "number", "description": "Wait before yielding output. Defaults to 10000 ms; effective range is 250-30000 ms."}
            },
            "required": ["cmd"],
            "additionalProperties": false
          }
        }
        """;

    private readonly ProcessRunner _runner = new(sandbox);

    public string Name => "exec_command";

    public JsonElement Definition { get; } = ToolDefinitions.Parse(DefinitionJson);

    public async Task<string> HandleAsync(ToolCall call, TurnContext context, CancellationToken cancellationToken)
    {
        if (!UnifiedExecArguments.TryParseExec(call.Arguments ?? call.Input ?? string.Empty, out var arguments, out var error))
        {
            return ToolDefinitions.ArgumentError(error);
        }

        var config = context.Config;
        var cwd = arguments.Workdir is { Length: > 0 } workdir ? Path.GetFullPath(workdir, config.Cwd) : config.Cwd;
        IReadOnlyList<string> argv = [arguments.Shell is { Length: > 0 } shell ? shell : UserShell.Default, arguments.Login ? "-lc" : "-c", arguments.Cmd];
        // prefix_rule is deliberately not consulted: approving (even for the session) covers this exact command only,
        // or the model could pre-approve commands the user never saw.
        var key = ApprovalPolicyEvaluator.CommandKey(argv, cwd, arguments.Escalated);
        var approved = context.Conversation.ApprovedCommands.Contains(key);
        var plan = ApprovalPolicyEvaluator.PlanExec(argv, config.ApprovalPolicy, config.SandboxPolicy, arguments.Escalated, approved);
        var parsed = ParsedCommandSummarizer.Summarize(argv);
        if (plan.Kind == ExecPlanKind.Reject)
        {
            return plan.RejectionText!;
        }

        if (plan.Kind == ExecPlanKind.Ask)
        {
            var answer = await ShellHandler.AskAsync(context, call, argv, cwd, parsed, arguments.Justification, cancellationToken).ConfigureAwait(false);
            if (answer.Decision == ReviewDecision.Denied)
            {
                return ApprovalRequester.Rejection(ShellHandler.RejectedByUser, answer);
            }

            ShellHandler.Remember(context, answer, key);
            approved = true;
        }

        var first = await RunAsync(arguments, argv, cwd, plan.Sandboxed, parsed, call, context, cancellationToken).ConfigureAwait(false);
        if (first.Denied is not { } denied)
        {
            return first.Text;
        }

        // As `shell` does: a command the sandbox refused, seen exiting within the yield time, is reported under
        // `never`, else re-run without the sandbox once approved. Upstream's unified exec does the same.
        if (await SandboxDenialFlow.DecideAsync(context, call, argv, cwd, parsed, key, approved, denied, end => UnifiedExecOutput.EmitEnd(context, first.Session!, end), cancellationToken).ConfigureAwait(false) is { } final)
        {
            return final;
        }

        var retry = await RunAsync(arguments, argv, cwd, sandboxed: false, parsed, call, context, cancellationToken).ConfigureAwait(false);
        return retry.Text;
    }

    /// <summary>What one start of the command gave: the text for the model, or a sandbox denial whose end event is still to send.</summary>
    private sealed record Attempt(string Text, ExecSession? Session = null, ExecResult? Denied = null);

    private async Task<Attempt> RunAsync(ExecCommandArguments arguments, IReadOnlyList<string> argv, string cwd, bool sandboxed, IReadOnlyList<ParsedCommand> parsed, ToolCall call, TurnContext context, CancellationToken cancellationToken)
    {
        var config = context.Config;
        context.Emit(new ExecCommandBeginEvent { CallId = call.CallId, Command = argv, Cwd = cwd, ParsedCmd = parsed });
        var store = context.Conversation.ExecSessions;
        IExecSessionProcess process;
        try
        {
            var environment = new Dictionary<string, string>(ShellEnvironment.Build(config.ShellEnvironmentPolicy, config.SandboxPolicy, config.CredentialVariables), StringComparer.Ordinal);

            // A terminal invites colours and pagers; the model reads plain text (upstream sets these for pipes too).
            environment["NO_COLOR"] = "1";
            environment["TERM"] = "dumb";
            environment["PAGER"] = "cat";
            environment["GIT_PAGER"] = "cat";
            var request = new ExecRequest
            {
                Argv = argv,
                Cwd = cwd,
                Environment = environment,
                SandboxPolicy = sandboxed ? config.SandboxPolicy : SandboxPolicy.DangerFullAccess,
            };
            process = arguments.Tty ? PtyProcess.Start(sandbox, request) : PipeProcess.Start(_runner, request);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or ArgumentException or SandboxSetupException or UnauthorizedAccessException)
        {
            var text = $"execution error: {ex.Message}";
            context.Emit(new ExecCommandEndEvent { CallId = call.CallId, Stdout = string.Empty, Stderr = text, AggregatedOutput = text, ExitCode = -1, Duration = TimeSpan.Zero, FormattedOutput = text });
            return new Attempt($"exec_command failed: {ex.Message}");
        }

        var session = new ExecSession(store.NextId(), process, call.CallId, argv, cwd, parsed);
        store.Add(session);
        try
        {
            var yieldMs = UnifiedExecOutput.ClampExecYield(arguments.YieldTimeMs);

            // A sandboxed start holds back its end event until the output has been checked for a denial.
            var exited = await UnifiedExecOutput.CollectAsync(session, store, yieldMs, arguments.MaxOutputTokens, context, cancellationToken, emitEnd: !sandboxed).ConfigureAwait(false);
            if (sandboxed && exited.ExitCode is { } code)
            {
                var result = UnifiedExecOutput.Result(session, code);
                if (SandboxDenial.IsLikelyDenied(result))
                {
                    return new Attempt(exited.Text, session, result);
                }

                UnifiedExecOutput.EmitEnd(context, session, result);
            }

            return new Attempt(exited.Text);
        }
        catch (OperationCanceledException)
        {
            store.Remove(session.Id);
            throw;
        }
    }
}
