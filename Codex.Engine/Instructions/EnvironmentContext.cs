using System.Text;
using Codex.Engine.Config;
using Codex.Protocol;

namespace Codex.Engine.Instructions;

/// <summary>The <c>&lt;environment_context&gt;</c> message that starts every conversation (spec §7.6).</summary>
internal static class EnvironmentContext
{
    public static string Render(CodexConfig config)
    {
        var policy = config.SandboxPolicy;
        var text = new StringBuilder("<environment_context>\n");
        text.Append("  <cwd>").Append(config.Cwd).Append("</cwd>\n");
        text.Append("  <approval_policy>").Append(Name(config.ApprovalPolicy)).Append("</approval_policy>\n");
        text.Append("  <sandbox_mode>").Append(Name(policy.Mode)).Append("</sandbox_mode>\n");
        text.Append("  <network_access>").Append(policy.HasFullNetworkAccess ? "enabled" : "restricted").Append("</network_access>\n");
        if (policy.Mode == SandboxMode.WorkspaceWrite && policy.WritableRoots.Count > 0)
        {
            text.Append("  <writable_roots>\n");
            foreach (var root in policy.WritableRoots)
            {
                text.Append("    <root>").Append(root).Append("</root>\n");
            }

            text.Append("  </writable_roots>\n");
        }

        var shell = Environment.GetEnvironmentVariable("SHELL");
        if (!string.IsNullOrEmpty(shell))
        {
            text.Append("  <shell>").Append(Path.GetFileName(shell)).Append("</shell>\n");
        }

        return text.Append("</environment_context>").ToString();
    }

    public static string Name(AskForApproval policy) => policy switch
    {
        AskForApproval.Untrusted => "untrusted",
        AskForApproval.OnFailure => "on-failure",
        AskForApproval.OnRequest => "on-request",
        _ => "never",
    };

    public static string Name(SandboxMode mode) => mode switch
    {
        SandboxMode.ReadOnly => "read-only",
        SandboxMode.WorkspaceWrite => "workspace-write",
        _ => "danger-full-access",
    };
}
