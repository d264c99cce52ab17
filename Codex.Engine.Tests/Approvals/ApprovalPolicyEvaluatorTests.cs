using Codex.Engine.Approvals;
using Codex.Engine.Sandbox;
using Codex.Engine.Tests.Exec;
using Codex.Protocol;

namespace Codex.Engine.Tests.Approvals;

/// <summary>The decisions of spec §5.2 (commands) and §5.6 (patches), without running anything.</summary>
public sealed class ApprovalPolicyEvaluatorTests
{
    private static readonly SandboxPolicy Workspace = SandboxPolicy.WorkspaceWrite();

    private static readonly IReadOnlyDictionary<string, SandboxPolicy> Sandboxes = new Dictionary<string, SandboxPolicy>
    {
        ["read-only"] = SandboxPolicy.ReadOnly,
        ["workspace-write"] = Workspace,
        ["danger"] = SandboxPolicy.DangerFullAccess,
    };

    [TestCase(AskForApproval.Untrusted, "UnlessTrusted", "workspace-write")]
    [TestCase(AskForApproval.OnFailure, "OnFailure", "read-only")]
    [TestCase(AskForApproval.Never, "Never", "danger")]
    public void PlanExec_EscalatedUnderAPolicyOtherThanOnRequest_RejectedWithTheSpecText(AskForApproval policy, string debugName, string sandbox)
    {
        foreach (var argv in new[] { new[] { "touch", "x" }, ["echo", "safe"] })
        {
            foreach (var approvedForSession in new[] { false, true })
            {
                var plan = ApprovalPolicyEvaluator.PlanExec(argv, policy, Sandboxes[sandbox], escalated: true, approvedForSession);

                Assert.That(plan.Kind, Is.EqualTo(ExecPlanKind.Reject));
                Assert.That(
                    plan.RejectionText,
                    Is.EqualTo($"approval policy is {debugName}; reject command — you should not ask for escalated permissions if the approval policy is {debugName}"));
            }
        }
    }

    // argv is '~'-separated. Expected: the plan kind (by name; the enum is internal) and whether the first attempt is sandboxed.
    [TestCase(AskForApproval.OnRequest, "workspace-write", "touch~x", true, false, "Ask", false, TestName = "{m}(on-request escalated: ask, then run without sandbox)")]
    [TestCase(AskForApproval.OnRequest, "read-only", "echo~hi", true, false, "Run", false, TestName = "{m}(on-request escalated known-safe: no ask, no sandbox)")]
    [TestCase(AskForApproval.OnRequest, "workspace-write", "touch~x", true, true, "Run", false, TestName = "{m}(on-request escalated approved for session: run without asking)")]
    [TestCase(AskForApproval.OnRequest, "workspace-write", "touch~x", false, false, "Run", true, TestName = "{m}(on-request plain: run sandboxed)")]
    [TestCase(AskForApproval.OnRequest, "read-only", "python3~-c~print(1)", false, false, "Run", true, TestName = "{m}(on-request read-only plain: run sandboxed)")]
    [TestCase(AskForApproval.OnRequest, "workspace-write", "rm~-rf~build", false, false, "Ask", true, TestName = "{m}(on-request dangerous rm -rf: ask, sandboxed)")]
    [TestCase(AskForApproval.OnRequest, "workspace-write", "git~reset~--hard", false, false, "Ask", true, TestName = "{m}(on-request dangerous git reset: ask)")]
    [TestCase(AskForApproval.OnRequest, "workspace-write", "bash~-lc~ls && rm -f a", false, false, "Ask", true, TestName = "{m}(on-request dangerous inside bash -lc: ask)")]
    [TestCase(AskForApproval.OnRequest, "workspace-write", "sudo~rm~-f~a", false, false, "Ask", true, TestName = "{m}(on-request sudo of dangerous: ask)")]
    [TestCase(AskForApproval.OnRequest, "danger", "touch~x", false, false, "Run", false, TestName = "{m}(on-request danger plain: run unsandboxed)")]
    [TestCase(AskForApproval.OnRequest, "danger", "rm~-f~x", false, false, "Ask", false, TestName = "{m}(on-request danger dangerous: ask, unsandboxed)")]
    [TestCase(AskForApproval.OnRequest, "danger", "rm~-f~x", false, true, "Run", false, TestName = "{m}(on-request danger dangerous approved for session: run)")]
    [TestCase(AskForApproval.Untrusted, "workspace-write", "touch~x", false, false, "Ask", true, TestName = "{m}(untrusted plain: ask, then run sandboxed)")]
    [TestCase(AskForApproval.Untrusted, "danger", "touch~x", false, false, "Ask", false, TestName = "{m}(untrusted danger: ask, then run unsandboxed)")]
    [TestCase(AskForApproval.Untrusted, "read-only", "bash~-lc~echo hi > f", false, false, "Ask", true, TestName = "{m}(untrusted redirection is not known safe: ask)")]
    [TestCase(AskForApproval.Untrusted, "workspace-write", "touch~x", false, true, "Run", true, TestName = "{m}(untrusted approved for session: run sandboxed without asking)")]
    [TestCase(AskForApproval.Untrusted, "workspace-write", "ls~-la", false, false, "Run", true, TestName = "{m}(untrusted known safe ls: run)")]
    [TestCase(AskForApproval.Untrusted, "read-only", "bash~-lc~ls && pwd | wc -l", false, false, "Run", true, TestName = "{m}(untrusted known safe bash -lc script: run)")]
    [TestCase(AskForApproval.Untrusted, "read-only", "git~status", false, false, "Run", true, TestName = "{m}(untrusted git status: run)")]
    [TestCase(AskForApproval.Untrusted, "read-only", "sed~-n~1,5p~f", false, false, "Run", true, TestName = "{m}(untrusted sed -n range: run)")]
    [TestCase(AskForApproval.Untrusted, "read-only", "find~.~-delete", false, false, "Ask", true, TestName = "{m}(untrusted find -delete: ask)")]
    [TestCase(AskForApproval.Never, "workspace-write", "rm~-rf~build", false, false, "Run", true, TestName = "{m}(never dangerous: run sandboxed, never ask)")]
    [TestCase(AskForApproval.Never, "danger", "touch~x", false, false, "Run", false, TestName = "{m}(never danger: run unsandboxed)")]
    [TestCase(AskForApproval.OnFailure, "read-only", "rm~-rf~build", false, false, "Run", true, TestName = "{m}(on-failure: run sandboxed first, never ask up front)")]
    [TestCase(AskForApproval.OnFailure, "danger", "touch~x", false, false, "Run", false, TestName = "{m}(on-failure danger: run unsandboxed)")]
    public void PlanExec_Rule_GivesKindAndSandbox(AskForApproval policy, string sandbox, string argv, bool escalated, bool approvedForSession, string kind, bool sandboxed)
    {
        var plan = ApprovalPolicyEvaluator.PlanExec(argv.Split('~'), policy, Sandboxes[sandbox], escalated, approvedForSession);

        Assert.That((plan.Kind, plan.Sandboxed, plan.RejectionText), Is.EqualTo((Enum.Parse<ExecPlanKind>(kind), sandboxed, (string?)null)));
    }

    [TestCase(AskForApproval.Never, false, "Report")]
    [TestCase(AskForApproval.Never, true, "Report")]
    [TestCase(AskForApproval.OnFailure, false, "AskToRetryUnsandboxed")]
    [TestCase(AskForApproval.OnRequest, false, "AskToRetryUnsandboxed")]
    [TestCase(AskForApproval.Untrusted, false, "AskToRetryUnsandboxed")]
    [TestCase(AskForApproval.OnFailure, true, "RetryUnsandboxed")]
    [TestCase(AskForApproval.OnRequest, true, "RetryUnsandboxed")]
    [TestCase(AskForApproval.Untrusted, true, "RetryUnsandboxed")]
    public void OnSandboxDenial_PolicyAndPriorApproval_DecideReportRetryOrAsk(AskForApproval policy, bool alreadyApproved, string expected)
    {
        Assert.That(ApprovalPolicyEvaluator.OnSandboxDenial(policy, alreadyApproved), Is.EqualTo(Enum.Parse<SandboxDenialAction>(expected)));
    }

    [Test]
    public void RetryWithoutSandboxReason_IsTheSpecText()
    {
        Assert.That(ApprovalPolicyEvaluator.RetryWithoutSandboxReason, Is.EqualTo("command failed; retry without sandbox?"));
    }

    [Test]
    public void CommandKey_DiffersByArgvCwdAndEscalation()
    {
        var key = ApprovalPolicyEvaluator.CommandKey(["ls", "a b"], "/w", escalated: false);

        Assert.That(ApprovalPolicyEvaluator.CommandKey(["ls", "a b"], "/w", escalated: false), Is.EqualTo(key));
        Assert.That(ApprovalPolicyEvaluator.CommandKey(["ls", "a", "b"], "/w", escalated: false), Is.Not.EqualTo(key));
        Assert.That(ApprovalPolicyEvaluator.CommandKey(["ls", "a b"], "/x", escalated: false), Is.Not.EqualTo(key));
        Assert.That(ApprovalPolicyEvaluator.CommandKey(["ls", "a b"], "/w", escalated: true), Is.Not.EqualTo(key));
    }

    [TestCase(AskForApproval.Untrusted)]
    [TestCase(AskForApproval.OnFailure)]
    [TestCase(AskForApproval.OnRequest)]
    [TestCase(AskForApproval.Never)]
    public void PlanPatch_Empty_Rejected(AskForApproval policy)
    {
        using var dirs = new PatchDirectories();

        var plan = ApprovalPolicyEvaluator.PlanPatch([], isEmpty: true, policy, SandboxPolicy.DangerFullAccess, dirs.Workspace, []);

        Assert.That(plan, Is.EqualTo(new PatchPlan(PatchPlanKind.Reject, "patch rejected: empty patch")));
    }

    [TestCase("workspace-write")]
    [TestCase("danger")]
    public void PlanPatch_Untrusted_AlwaysAsksEvenInTheWorkspace(string sandbox)
    {
        using var dirs = new PatchDirectories();

        var plan = ApprovalPolicyEvaluator.PlanPatch([dirs.InWorkspace("a.txt")], false, AskForApproval.Untrusted, dirs.Policy(sandbox), dirs.Workspace, []);

        Assert.That(plan, Is.EqualTo(new PatchPlan(PatchPlanKind.Ask)));
    }

    // Where: "in" the workspace, "out"side it, or "both". Expected kind and reason/rejection text.
    [TestCase(AskForApproval.OnRequest, "workspace-write", "in", "AutoApprove", null)]
    [TestCase(AskForApproval.OnRequest, "workspace-write", "out", "Ask", null)]
    [TestCase(AskForApproval.OnRequest, "workspace-write", "both", "Ask", null)]
    [TestCase(AskForApproval.OnRequest, "danger", "out", "AutoApprove", null)]
    [TestCase(AskForApproval.OnRequest, "read-only", "in", "Ask", null)]
    [TestCase(AskForApproval.Never, "workspace-write", "in", "AutoApprove", null)]
    [TestCase(AskForApproval.Never, "workspace-write", "out", "Reject", "patch rejected: writing outside of the project; rejected by user approval settings")]
    [TestCase(AskForApproval.Never, "read-only", "in", "Reject", "patch rejected: writing outside of the project; rejected by user approval settings")]
    [TestCase(AskForApproval.Never, "danger", "out", "AutoApprove", null)]
    [TestCase(AskForApproval.OnFailure, "workspace-write", "in", "AutoApprove", null)]
    [TestCase(AskForApproval.OnFailure, "workspace-write", "out", "Ask", "command failed; retry without sandbox?")]
    public void PlanPatch_PolicySandboxAndPlace_Decide(AskForApproval policy, string sandbox, string where, string kind, string? text)
    {
        using var dirs = new PatchDirectories();
        string[] paths = where switch
        {
            "in" => [dirs.InWorkspace("src", "new.txt")],
            "out" => [dirs.Outside("new.txt")],
            _ => [dirs.InWorkspace("a.txt"), dirs.Outside("b.txt")],
        };

        var plan = ApprovalPolicyEvaluator.PlanPatch(paths, false, policy, dirs.Policy(sandbox), dirs.Workspace, []);

        Assert.That(plan, Is.EqualTo(new PatchPlan(Enum.Parse<PatchPlanKind>(kind), text)));
    }

    [Test]
    public void PlanPatch_ExtraWritableRoot_CountsAsWritable()
    {
        using var dirs = new PatchDirectories();
        var policy = SandboxPolicy.WorkspaceWrite(writableRoots: [dirs.OutsideRoot], excludeTmpdirEnvVar: true, excludeSlashTmp: true);

        var plan = ApprovalPolicyEvaluator.PlanPatch([dirs.Outside("x.txt")], false, AskForApproval.Never, policy, dirs.Workspace, []);

        Assert.That(plan.Kind, Is.EqualTo(PatchPlanKind.AutoApprove));
    }

    [Test]
    public void PlanPatch_InsideTheWorkspaceGitDirectory_IsNotWritable()
    {
        using var dirs = new PatchDirectories();
        Directory.CreateDirectory(Path.Combine(dirs.Workspace, ".git"));

        var plan = ApprovalPolicyEvaluator.PlanPatch([dirs.InWorkspace(".git", "config")], false, AskForApproval.OnRequest, dirs.Policy("workspace-write"), dirs.Workspace, []);

        Assert.That(plan.Kind, Is.EqualTo(PatchPlanKind.Ask));
    }

    [TestCase(AskForApproval.OnRequest, "Ask")]
    [TestCase(AskForApproval.Never, "Reject")]
    public void PlanPatch_PathThroughASymlinkLeavingTheWorkspace_IsNotWritable(AskForApproval policy, string kind)
    {
        using var dirs = new PatchDirectories();
        Directory.CreateSymbolicLink(dirs.InWorkspace("link"), dirs.OutsideRoot);
        File.WriteAllText(dirs.Outside("target.txt"), "x");
        File.CreateSymbolicLink(dirs.InWorkspace("file-link"), dirs.Outside("target.txt"));

        foreach (var path in new[] { dirs.InWorkspace("link", "new.txt"), dirs.InWorkspace("link", "deeper", "new.txt"), dirs.InWorkspace("file-link") })
        {
            var plan = ApprovalPolicyEvaluator.PlanPatch([path], false, policy, dirs.Policy("workspace-write"), dirs.Workspace, []);

            Assert.That(plan.Kind, Is.EqualTo(Enum.Parse<PatchPlanKind>(kind)), path);
        }
    }

    [Test]
    public void PlanPatch_SymlinkThatStaysInTheWorkspace_IsWritable()
    {
        using var dirs = new PatchDirectories();
        Directory.CreateDirectory(dirs.InWorkspace("real"));
        Directory.CreateSymbolicLink(dirs.InWorkspace("alias"), "real");

        var plan = ApprovalPolicyEvaluator.PlanPatch([dirs.InWorkspace("alias", "x.txt")], false, AskForApproval.Never, dirs.Policy("workspace-write"), dirs.Workspace, []);

        Assert.That(plan.Kind, Is.EqualTo(PatchPlanKind.AutoApprove));
    }

    [Test]
    public void PlanPatch_RootApprovedForTheSession_AutoApproves()
    {
        using var dirs = new PatchDirectories();

        var untrusted = ApprovalPolicyEvaluator.PlanPatch([dirs.InWorkspace("a.txt")], false, AskForApproval.Untrusted, dirs.Policy("workspace-write"), dirs.Workspace, [dirs.Workspace]);
        var outside = ApprovalPolicyEvaluator.PlanPatch([dirs.Outside("b.txt")], false, AskForApproval.OnRequest, dirs.Policy("workspace-write"), dirs.Workspace, [dirs.OutsideRoot]);
        var elsewhere = ApprovalPolicyEvaluator.PlanPatch([dirs.Outside("b.txt")], false, AskForApproval.OnRequest, dirs.Policy("workspace-write"), dirs.Workspace, [dirs.Workspace]);

        Assert.That((untrusted.Kind, outside.Kind, elsewhere.Kind), Is.EqualTo((PatchPlanKind.AutoApprove, PatchPlanKind.AutoApprove, PatchPlanKind.Ask)));
    }

    /// <summary>
    /// A workspace and a sibling "outside" directory. The policies exclude /tmp and $TMPDIR, so the
    /// outcome does not depend on where the test output folder lives.
    /// </summary>
    private sealed class PatchDirectories : IDisposable
    {
        private readonly ScratchDirectory _scratch = new();

        public PatchDirectories()
        {
            Workspace = _scratch.CreateDirectory("workspace");
            OutsideRoot = _scratch.CreateDirectory("outside");
        }

        public string Workspace { get; }

        public string OutsideRoot { get; }

        public string InWorkspace(params string[] parts) => Path.Combine([Workspace, .. parts]);

        public string Outside(params string[] parts) => Path.Combine([OutsideRoot, .. parts]);

        public SandboxPolicy Policy(string sandbox) => sandbox switch
        {
            "workspace-write" => SandboxPolicy.WorkspaceWrite(excludeTmpdirEnvVar: true, excludeSlashTmp: true),
            _ => Sandboxes[sandbox],
        };

        public void Dispose() => _scratch.Dispose();
    }
}
