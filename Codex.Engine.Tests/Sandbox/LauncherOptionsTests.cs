using Codex.Engine.Sandbox;
using Codex.Protocol;

namespace Codex.Engine.Tests.Sandbox;

public sealed class LauncherOptionsTests
{
    [Test]
    public void Parse_FullCommandLine_ReadsEveryOption()
    {
        LauncherOptions options = LauncherOptions.Parse(
        [
            "--codex-run-as-sandbox", "--sandbox-policy-cwd", "/w", "--sandbox-policy", "{\"mode\":\"read-only\"}",
            "--env-restore", "DOTNET_ROOT", "--hide", "/h/auth.json", "--", "ls", "--", "-la",
        ]);

        Assert.That(options.PolicyCwd, Is.EqualTo("/w"));
        Assert.That(options.Policy.Mode, Is.EqualTo(SandboxMode.ReadOnly));
        Assert.That(options.Command, Is.EqualTo(new[] { "ls", "--", "-la" }));
        Assert.That(options.EnvRestores, Is.EqualTo(new[] { "DOTNET_ROOT" }));
        Assert.That(options.HiddenFiles, Is.EqualTo(new[] { "/h/auth.json" }));
        Assert.That(options.InNamespaceStage, Is.False);
    }

    [TestCase(new[] { "--sandbox-policy", "{\"mode\":\"read-only\"}", "--", "ls" }, "usage")]
    [TestCase(new[] { "--sandbox-policy-cwd", "/w", "--sandbox-policy", "{\"mode\":\"read-only\"}", "--" }, "no command given")]
    [TestCase(new[] { "--sandbox-policy-cwd", "/w", "--sandbox-policy", "{\"mode\":\"read-only\"}", "ls" }, "unexpected argument 'ls'")]
    [TestCase(new[] { "--sandbox-policy-cwd", "rel", "--sandbox-policy", "{\"mode\":\"read-only\"}", "--", "ls" }, "absolute path")]
    [TestCase(new[] { "--sandbox-policy-cwd" }, "needs a value")]
    [TestCase(new[] { "--sandbox-policy-cwd", "/w", "--sandbox-policy", "{", "--", "ls" }, "not valid JSON")]
    [TestCase(new[] { "--hide", "auth.json" }, "--hide must be an absolute path")]
    public void Parse_BadArguments_ThrowsWithReason(string[] args, string reason)
    {
        Assert.That(() => LauncherOptions.Parse(args), Throws.InstanceOf<FormatException>().With.Message.Contains(reason));
    }
}
