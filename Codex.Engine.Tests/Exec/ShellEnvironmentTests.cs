using Codex.Engine.Auth;
using Codex.Engine.Exec;
using Codex.Engine.Sandbox;

namespace Codex.Engine.Tests.Exec;

public sealed class ShellEnvironmentTests
{
    private static readonly Dictionary<string, string> Server = new(StringComparer.Ordinal)
    {
        ["HOME"] = "/home/u",
        ["PATH"] = "/usr/bin",
        ["USER"] = "u",
        ["TMPDIR"] = "/var/tmp",
        ["OPENAI_API_KEY"] = "sk-1",
        ["my_secret_value"] = "s",
        ["GITHUB_TOKEN"] = "t",
        ["EDITOR"] = "vim",
        ["LANG"] = "C.UTF-8",
        ["LC_ALL"] = "C",
    };

    // The smallest credential set there is: OPENAI_API_KEY alone.
    private static readonly CredentialVariables OnlyOpenAi = CredentialVariables.Create([], []);

    private static SandboxPolicy Networked => SandboxPolicy.DangerFullAccess;

    [Test]
    public void Build_InheritAll_DropsDefaultExcludesCaseInsensitively()
    {
        Dictionary<string, string> env = ShellEnvironment.Build(ShellEnvironmentPolicy.Default, Networked, OnlyOpenAi, Server);

        Assert.That(env.Keys, Is.EquivalentTo(new[] { "HOME", "PATH", "USER", "TMPDIR", "EDITOR", "LANG", "LC_ALL" }));
    }

    [Test]
    public void Build_IgnoreDefaultExcludes_KeepsSecretsButNotCredentials()
    {
        Dictionary<string, string> env = ShellEnvironment.Build(new ShellEnvironmentPolicy { IgnoreDefaultExcludes = true }, Networked, OnlyOpenAi, Server);

        Assert.That(env, Is.EquivalentTo(Server.Where(p => p.Key != "OPENAI_API_KEY")));
    }

    [Test]
    public void Build_InheritCore_KeepsOnlyCoreVariables()
    {
        Dictionary<string, string> env = ShellEnvironment.Build(new ShellEnvironmentPolicy { Inherit = ShellEnvironmentInherit.Core }, Networked, OnlyOpenAi, Server);

        Assert.That(env.Keys, Is.EquivalentTo(new[] { "HOME", "PATH", "USER", "TMPDIR" }));
    }

    [Test]
    public void Build_InheritNoneWithSet_HasOnlyTheSetVariables()
    {
        var policy = new ShellEnvironmentPolicy
        {
            Inherit = ShellEnvironmentInherit.None,
            Set = new Dictionary<string, string> { ["FOO"] = "bar", ["API_TOKEN"] = "kept-because-set-comes-after-excludes" },
        };

        Dictionary<string, string> env = ShellEnvironment.Build(policy, Networked, OnlyOpenAi, Server);

        Assert.That(env, Is.EquivalentTo(new Dictionary<string, string> { ["FOO"] = "bar", ["API_TOKEN"] = "kept-because-set-comes-after-excludes" }));
    }

    [Test]
    public void Build_ExcludeGlobs_MatchStarAndQuestionMarkCaseInsensitively()
    {
        var policy = new ShellEnvironmentPolicy { Exclude = ["lc_*", "ED?TOR"] };

        Dictionary<string, string> env = ShellEnvironment.Build(policy, Networked, OnlyOpenAi, Server);

        Assert.That(env.Keys, Is.EquivalentTo(new[] { "HOME", "PATH", "USER", "TMPDIR", "LANG" }));
    }

    [Test]
    public void Build_IncludeOnly_AppliesAfterSet()
    {
        var policy = new ShellEnvironmentPolicy
        {
            Set = new Dictionary<string, string> { ["FOO"] = "bar", ["PATH"] = "/custom" },
            IncludeOnly = ["PATH", "HOME"],
        };

        Dictionary<string, string> env = ShellEnvironment.Build(policy, Networked, OnlyOpenAi, Server);

        Assert.That(env, Is.EquivalentTo(new Dictionary<string, string> { ["PATH"] = "/custom", ["HOME"] = "/home/u" }));
    }

    [Test]
    public void Build_PolicyWithoutNetwork_AddsNetworkDisabledFlag()
    {
        Dictionary<string, string> readOnly = ShellEnvironment.Build(new ShellEnvironmentPolicy { Inherit = ShellEnvironmentInherit.None }, SandboxPolicy.ReadOnly, OnlyOpenAi, Server);
        Dictionary<string, string> workspace = ShellEnvironment.Build(new ShellEnvironmentPolicy { Inherit = ShellEnvironmentInherit.None }, SandboxPolicy.WorkspaceWrite(), OnlyOpenAi, Server);
        Dictionary<string, string> networked = ShellEnvironment.Build(new ShellEnvironmentPolicy { Inherit = ShellEnvironmentInherit.None }, SandboxPolicy.WorkspaceWrite(networkAccess: true), OnlyOpenAi, Server);

        Assert.That(readOnly, Is.EquivalentTo(new Dictionary<string, string> { ["CODEX_SANDBOX_NETWORK_DISABLED"] = "1" }));
        Assert.That(workspace, Is.EquivalentTo(new Dictionary<string, string> { ["CODEX_SANDBOX_NETWORK_DISABLED"] = "1" }));
        Assert.That(networked, Is.Empty);
    }

    [Test]
    public async Task RunAsync_BuiltEnvironment_IsExactlyWhatTheCommandSees()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        var policy = new ShellEnvironmentPolicy
        {
            Inherit = ShellEnvironmentInherit.Core,
            Exclude = ["USER"],
            Set = new Dictionary<string, string> { ["FOO"] = "bar baz" },
        };
        Dictionary<string, string> env = ShellEnvironment.Build(policy, SandboxPolicy.ReadOnly, OnlyOpenAi, Server);
        env["PATH"] = "/usr/bin:/bin";

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(
            new ExecRequest { Argv = ["env"], Cwd = scratch.Path, Environment = env, SandboxPolicy = SandboxPolicy.DangerFullAccess },
            null,
            timeout.Token);

        Assert.That(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EquivalentTo(new[]
        {
            "HOME=/home/u", "PATH=/usr/bin:/bin", "TMPDIR=/var/tmp", "FOO=bar baz", "CODEX_SANDBOX_NETWORK_DISABLED=1",
        }));
    }

    [Test]
    public async Task RunAsync_LauncherEnvironment_IsRestoredToTheCommandsValues()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        SandboxLauncher launcher = TestLauncher.Launcher with
        {
            LauncherEnvironment = new Dictionary<string, string> { ["DOTNET_ROOT"] = "/usr/share/dotnet", ["DOTNET_gcServer"] = "0" },
        };
        var runner = new ProcessRunner(new LinuxSandbox(launcher));
        Dictionary<string, string> env = TestLauncher.BasicEnvironment();
        env["DOTNET_gcServer"] = "from-command";

        ExecResult result = await runner.RunAsync(
            new ExecRequest { Argv = ["env"], Cwd = scratch.Path, Environment = env, SandboxPolicy = SandboxPolicy.DangerFullAccess },
            null,
            timeout.Token);

        string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Does.Contain("DOTNET_gcServer=from-command"));
        Assert.That(lines.Any(l => l.StartsWith("DOTNET_ROOT=", StringComparison.Ordinal)), Is.False);
    }
}
