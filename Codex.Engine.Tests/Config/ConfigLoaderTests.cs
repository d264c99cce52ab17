using Codex.Engine.Config;
using Codex.Engine.Exec;
using Codex.Engine.Sandbox;
using Codex.Protocol;

namespace Codex.Engine.Tests.Config;

public sealed class ConfigLoaderTests
{
    private const string Layered = """
        model = "toml-model"
        profile = "work"
        approval_policy = "untrusted"
        model_reasoning_effort = "low"

        [profiles.work]
        model = "profile-model"
        approval_policy = "on-failure"
        model_reasoning_effort = "medium"

        [profiles.other]
        model = "other-model"
        """;

    [Test]
    public void Load_NothingConfigured_Defaults()
    {
        using var home = new TempCodexHome();

        var config = home.Load();

        Assert.That(config.Model, Is.EqualTo("gpt-5-codex"));
        Assert.That(config.ModelProviderId, Is.EqualTo("openai"));
        Assert.That(config.ApprovalPolicy, Is.EqualTo(AskForApproval.OnRequest));
        Assert.That(config.SandboxPolicy, Is.EqualTo(SandboxPolicy.ReadOnly));
        Assert.That(config.ShellEnvironmentPolicy, Is.EqualTo(ShellEnvironmentPolicy.Default));
        Assert.That(config.IncludePlanTool, Is.False);
        Assert.That(config.ReasoningSummary, Is.EqualTo("auto"));
        Assert.That(config.ReasoningEffort, Is.Null);
        Assert.That(config.Profile, Is.Null);
        Assert.That(config.Cwd, Is.EqualTo(home.Workspace));
        Assert.That(config.CodexHome, Is.EqualTo(home.Home));
        Assert.That(config.ModelContextWindow, Is.EqualTo(272_000));
        Assert.That(config.ApprovalTimeout, Is.EqualTo(TimeSpan.FromMinutes(10)));
        Assert.That(config.AutoCompactTokenLimit, Is.EqualTo(244_800), "90 % of the known window");
    }

    [Test]
    public void Load_AutoCompactLimit_IsReadAndUnknownWindowsHaveNone()
    {
        using var home = new TempCodexHome();
        home.Write("model = \"mock-model\"\n");
        var unknownModel = home.Load();
        home.Write("model = \"mock-model\"\nmodel_auto_compact_token_limit = 5000\n");
        var configured = home.Load();
        home.Write("model_auto_compact_token_limit = 0\n");

        Assert.That(unknownModel.AutoCompactTokenLimit, Is.Null);
        Assert.That(configured.AutoCompactTokenLimit, Is.EqualTo(5000));
        Assert.That(() => home.Load(), Throws.TypeOf<ConfigException>().With.Message.Contains("`model_auto_compact_token_limit` must be a positive number of tokens"));
    }

    [Test]
    public void Load_EachLayerInTurn_HigherLayerWins()
    {
        using var home = new TempCodexHome();
        home.Write(Layered);
        var configArgument = TempCodexHome.ConfigArgument("""{"model":"config-arg-model","approval_policy":"never"}""");
        string[] dashC = ["model=\"dash-c-model\"", "approval_policy=\"on-request\""];

        var fromProfile = home.Load();
        var fromDashC = home.Load(overrides: dashC);
        var fromConfigArgument = home.Load(r => r with { Overrides = configArgument }, dashC);
        var fromToolArguments = home.Load(r => r with { Overrides = configArgument, Model = "argument-model", ApprovalPolicy = AskForApproval.Untrusted }, dashC);
        Assert.That((fromProfile.Model, fromProfile.ApprovalPolicy, fromProfile.ReasoningEffort), Is.EqualTo(("profile-model", AskForApproval.OnFailure, "medium")));
        Assert.That((fromDashC.Model, fromDashC.ApprovalPolicy, fromDashC.ReasoningEffort), Is.EqualTo(("dash-c-model", AskForApproval.OnRequest, "medium")));
        Assert.That((fromConfigArgument.Model, fromConfigArgument.ApprovalPolicy), Is.EqualTo(("config-arg-model", AskForApproval.Never)));
        Assert.That((fromToolArguments.Model, fromToolArguments.ApprovalPolicy), Is.EqualTo(("argument-model", AskForApproval.Untrusted)));
    }

    [Test]
    public void Load_ConfigTomlWithoutProfile_TopLevelValuesBeatDefaults()
    {
        using var home = new TempCodexHome();
        home.Write(Layered.Replace("profile = \"work\"\n", string.Empty, StringComparison.Ordinal));

        var config = home.Load();

        Assert.That((config.Model, config.ApprovalPolicy, config.ReasoningEffort, config.Profile), Is.EqualTo(("toml-model", AskForApproval.Untrusted, "low", (string?)null)));
    }

    [Test]
    public void Load_ProfileArgument_OverridesTheProfileKeyAndIsRecorded()
    {
        using var home = new TempCodexHome();
        home.Write(Layered);

        var config = home.Load(r => r with { Profile = "other" });

        Assert.That(config.Model, Is.EqualTo("other-model"));
        Assert.That(config.Profile, Is.EqualTo("other"));
        Assert.That(config.ApprovalPolicy, Is.EqualTo(AskForApproval.Untrusted), "a key the profile lacks falls back to config.toml");
        Assert.That(config.ReasoningEffort, Is.EqualTo("low"));
    }

    [Test]
    public void Load_UnknownProfileFromArgument_ErrorNamesProfileFileAndArgument()
    {
        using var home = new TempCodexHome();
        home.Write(Layered);

        var error = Assert.Throws<ConfigException>(() => home.Load(r => r with { Profile = "missing" }));

        Assert.That(error!.Message, Is.EqualTo($"config profile `missing` not found in {home.ConfigPath} (named by the `profile` argument)."));
    }

    [Test]
    public void Load_UnknownProfileFromConfigKey_ErrorNamesProfileAndFile()
    {
        using var home = new TempCodexHome();
        home.Write("profile = \"ghost\"\n");

        var error = Assert.Throws<ConfigException>(() => home.Load());

        Assert.That(error!.Message, Is.EqualTo($"config profile `ghost` not found in {home.ConfigPath}."));
    }

    [Test]
    public void Load_ProfileSelectedByConfigArgument_IsUsed()
    {
        using var home = new TempCodexHome();
        home.Write(Layered);

        var config = home.Load(r => r with { Overrides = TempCodexHome.ConfigArgument("""{"profile":"other"}""") });

        Assert.That(config.Model, Is.EqualTo("other-model"));
        Assert.That(config.Profile, Is.EqualTo("other"));
    }

    [Test]
    public void Load_SandboxModeInProfile_IsIgnoredAsInTheOriginal()
    {
        using var home = new TempCodexHome();
        home.Write("""
            sandbox_mode = "workspace-write"
            profile = "p"

            [profiles.p]
            sandbox_mode = "danger-full-access"
            """);

        Assert.That(home.Load().SandboxPolicy.Mode, Is.EqualTo(SandboxMode.WorkspaceWrite));
        Assert.That(home.Load(r => r with { Sandbox = SandboxMode.ReadOnly }).SandboxPolicy.Mode, Is.EqualTo(SandboxMode.ReadOnly), "the sandbox argument wins");
    }

    [Test]
    public void Load_WorkspaceWriteTable_MapsEveryField()
    {
        using var home = new TempCodexHome();
        home.Write("""
            sandbox_mode = "workspace-write"

            [sandbox_workspace_write]
            writable_roots = ["/extra/one", "/extra/two"]
            network_access = true
            exclude_tmpdir_env_var = true
            exclude_slash_tmp = true
            """);

        var policy = home.Load().SandboxPolicy;

        Assert.That(policy, Is.EqualTo(SandboxPolicy.WorkspaceWrite(["/extra/one", "/extra/two"], networkAccess: true, excludeTmpdirEnvVar: true, excludeSlashTmp: true)).Using<SandboxPolicy>(SamePolicy));
        Assert.That(policy.HasFullNetworkAccess, Is.True);
    }

    [Test]
    public void Load_WorkspaceWriteTableWithOtherMode_IsNotApplied()
    {
        using var home = new TempCodexHome();
        home.Write("""
            [sandbox_workspace_write]
            network_access = true
            """);

        Assert.That(home.Load().SandboxPolicy, Is.EqualTo(SandboxPolicy.ReadOnly));
        Assert.That(home.Load(r => r with { Sandbox = SandboxMode.DangerFullAccess }).SandboxPolicy, Is.EqualTo(SandboxPolicy.DangerFullAccess));
    }

    [Test]
    public void Load_NetworkAccessFromConfigArgument_CreatesTheTable()
    {
        using var home = new TempCodexHome();

        var policy = home.Load(r => r with
        {
            Sandbox = SandboxMode.WorkspaceWrite,
            Overrides = TempCodexHome.ConfigArgument("""{"sandbox_workspace_write.network_access": true}"""),
        }).SandboxPolicy;

        Assert.That((policy.Mode, policy.NetworkAccess, policy.WritableRoots.Count), Is.EqualTo((SandboxMode.WorkspaceWrite, true, 0)));
    }

    [Test]
    public void Load_TrustedProject_DefaultsToWorkspaceWrite()
    {
        using var home = new TempCodexHome();
        home.Write($"""
            [projects."{home.Workspace}"]
            trust_level = "trusted"
            """);

        Assert.That(home.Load().SandboxPolicy.Mode, Is.EqualTo(SandboxMode.WorkspaceWrite));
        Assert.That(home.Load(r => r with { Cwd = home.Home }).SandboxPolicy.Mode, Is.EqualTo(SandboxMode.ReadOnly), "another directory is not trusted");
    }

    [Test]
    public void Load_ShellEnvironmentPolicy_MapsEveryField()
    {
        using var home = new TempCodexHome();
        home.Write("""
            [shell_environment_policy]
            inherit = "core"
            ignore_default_excludes = true
            exclude = ["AWS_*", "AZURE_*"]
            include_only = ["PATH", "HOME", "MY_*"]
            experimental_use_profile = true

            [shell_environment_policy.set]
            MY_FLAG = "1"
            CI = "yes"
            """);

        var policy = home.Load().ShellEnvironmentPolicy;

        Assert.That(policy.Inherit, Is.EqualTo(ShellEnvironmentInherit.Core));
        Assert.That(policy.IgnoreDefaultExcludes, Is.True);
        Assert.That(policy.Exclude, Is.EqualTo(new[] { "AWS_*", "AZURE_*" }));
        Assert.That(policy.IncludeOnly, Is.EqualTo(new[] { "PATH", "HOME", "MY_*" }));
        Assert.That(policy.Set, Is.EquivalentTo(new Dictionary<string, string> { ["MY_FLAG"] = "1", ["CI"] = "yes" }));
    }

    [TestCase("none", ShellEnvironmentInherit.None)]
    [TestCase("all", ShellEnvironmentInherit.All)]
    public void Load_ShellEnvironmentInherit_ParsesEachValue(string text, ShellEnvironmentInherit expected)
    {
        using var home = new TempCodexHome();
        home.Write($"[shell_environment_policy]\ninherit = \"{text}\"\n");

        Assert.That(home.Load().ShellEnvironmentPolicy.Inherit, Is.EqualTo(expected));
    }

    [Test]
    public void Load_BadShellEnvironmentInherit_ErrorNamesFileKeyAndChoices()
    {
        using var home = new TempCodexHome();
        home.Write("[shell_environment_policy]\ninherit = \"some\"\n");

        var error = Assert.Throws<ConfigException>(() => home.Load());

        Assert.That(error!.Message, Is.EqualTo($"{home.ConfigPath}: `shell_environment_policy.inherit` has unknown value \"some\"; expected one of \"all\", \"core\", \"none\"."));
    }

    [Test]
    public void Load_TomlSyntaxError_MessageHasFileLineAndColumn()
    {
        using var home = new TempCodexHome();
        home.Write("model = \"ok\"\n\n[profiles.x\nmodel = \"y\"\n");

        var error = Assert.Throws<ConfigException>(() => home.Load());

        Assert.That(error!.Message, Does.StartWith($"Invalid TOML in {home.ConfigPath}:3:"));
        Assert.That(error.InnerException, Is.InstanceOf<Codex.Engine.Config.Toml.TomlException>());
        var toml = (Codex.Engine.Config.Toml.TomlException)error.InnerException!;
        Assert.That((toml.Line, toml.SourceName), Is.EqualTo((3, home.ConfigPath)));
        Assert.That(error.Message, Does.EndWith(toml.Reason));
    }

    [Test]
    public void Load_InvalidUtf8InConfigToml_MessageHasFileLineAndColumn()
    {
        using var home = new TempCodexHome();
        File.WriteAllBytes(home.ConfigPath, [.. "model = \"ok\"\nname = \"a"u8, 0xFF, .. "\"\n"u8]);

        var error = Assert.Throws<ConfigException>(() => home.Load());

        Assert.That(error!.Message, Does.StartWith($"Invalid TOML in {home.ConfigPath}:2:10: invalid UTF-8"));
    }

    [Test]
    public void Load_WrongTypes_ErrorsNameSourceKeyExpectedAndActual()
    {
        using var home = new TempCodexHome();

        home.Write("approval_policy = true\n");
        var boolForEnum = Assert.Throws<ConfigException>(() => home.Load());
        home.Write("[sandbox_workspace_write]\nwritable_roots = \"/one\"\n");
        var stringForList = Assert.Throws<ConfigException>(() => home.Load(r => r with { Sandbox = SandboxMode.WorkspaceWrite }));
        home.Write("model_reasoning_summary = \"verbose\"\n");
        var badChoice = Assert.Throws<ConfigException>(() => home.Load());

        Assert.That(boolForEnum!.Message, Is.EqualTo($"{home.ConfigPath}: `approval_policy` must be a string, not true."));
        Assert.That(stringForList!.Message, Is.EqualTo($"{home.ConfigPath}: `sandbox_workspace_write.writable_roots` must be an array of strings, not the string \"/one\"."));
        Assert.That(badChoice!.Message, Is.EqualTo($"{home.ConfigPath}: `model_reasoning_summary` has unknown value \"verbose\"; expected one of \"auto\", \"concise\", \"detailed\", \"none\"."));
    }

    [Test]
    public void Load_BadValueFromDashC_ErrorNamesTheOverrides()
    {
        using var home = new TempCodexHome();

        var error = Assert.Throws<ConfigException>(() => home.Load(overrides: ["approval_policy=\"sometimes\""]));
        var malformed = Assert.Throws<ConfigException>(() => home.Load(overrides: ["just-a-word"]));

        Assert.That(error!.Message, Does.StartWith("the server's -c overrides: `approval_policy` has unknown value \"sometimes\""));
        Assert.That(malformed!.Message, Does.Contain("just-a-word").And.Contain("key=value"));
    }

    [Test]
    public void Load_DashCValueThatIsNotToml_TakenAsAPlainString()
    {
        using var home = new TempCodexHome();

        var config = home.Load(overrides: ["model=o4-mini", "model_providers.local.name=Local", "model_providers.local.base_url=\"http://127.0.0.1:1/v1\"", "model_provider=local"]);

        Assert.That(config.Model, Is.EqualTo("o4-mini"));
        Assert.That(config.ModelProvider.Name, Is.EqualTo("Local"));
    }

    [Test]
    public void Load_IncludePlanTool_ArgumentBeatsConfigWhichBeatsDefault()
    {
        using var home = new TempCodexHome();
        Assert.That(home.Load().IncludePlanTool, Is.False);

        home.Write("[features]\nplan_tool = true\n");
        Assert.That(home.Load().IncludePlanTool, Is.True, "features.plan_tool");
        Assert.That(home.Load(r => r with { IncludePlanTool = false }).IncludePlanTool, Is.False, "the argument wins");

        home.Write("include_plan_tool = true\nprofile = \"p\"\n[profiles.p]\ninclude_plan_tool = false\n");
        Assert.That(home.Load().IncludePlanTool, Is.False, "the profile beats the top level");
    }

    [Test]
    public void Load_InstructionsFile_RelativeToCwdAndBaseInstructionsWin()
    {
        using var home = new TempCodexHome();
        File.WriteAllText(Path.Combine(home.Workspace, "prompt.md"), "  From the file.  \n");
        home.Write("experimental_instructions_file = \"prompt.md\"\n");

        Assert.That(home.Load().BaseInstructions, Is.EqualTo("From the file."));
        Assert.That(home.Load(r => r with { BaseInstructions = "From the argument." }).BaseInstructions, Is.EqualTo("From the argument."));

        home.Write("experimental_instructions_file = \"missing.md\"\n");
        var error = Assert.Throws<ConfigException>(() => home.Load());
        Assert.That(error!.Message, Does.Contain("experimental_instructions_file").And.Contain(Path.Combine(home.Workspace, "missing.md")));
    }

    [Test]
    public void Load_MissingCwd_ErrorNamesTheArgument()
    {
        using var home = new TempCodexHome();
        var missing = Path.Combine(home.Root, "nope");

        var error = Assert.Throws<ConfigException>(() => home.Load(r => r with { Cwd = missing }));

        Assert.That(error!.Message, Does.Contain("`cwd`").And.Contain(missing));
    }

    [Test]
    public void Load_RequestFieldsWithoutConfigLevel_PassThrough()
    {
        using var home = new TempCodexHome();

        var config = home.Load(r => r with { DeveloperInstructions = "dev", CompactPrompt = "compact" });

        Assert.That((config.DeveloperInstructions, config.CompactPrompt), Is.EqualTo(("dev", "compact")));
    }

    [Test]
    public void Load_ApprovalTimeoutAndContextWindow_ReadFromConfig()
    {
        using var home = new TempCodexHome();
        home.Write("approval_timeout_ms = 1500\nmodel_context_window = 1000\nmodel = \"unknown-model\"\n");

        var config = home.Load();

        Assert.That(config.ApprovalTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
        Assert.That(config.EffectiveContextWindow, Is.EqualTo(950));

        home.Write("approval_timeout_ms = 0\n");
        var error = Assert.Throws<ConfigException>(() => home.Load());
        Assert.That(error!.Message, Does.Contain("`approval_timeout_ms`").And.Contain("positive"));
    }

    private static bool SamePolicy(SandboxPolicy left, SandboxPolicy right) =>
        left.Mode == right.Mode
        && left.WritableRoots.SequenceEqual(right.WritableRoots)
        && left.NetworkAccess == right.NetworkAccess
        && left.ExcludeTmpdirEnvVar == right.ExcludeTmpdirEnvVar
        && left.ExcludeSlashTmp == right.ExcludeSlashTmp;
}
