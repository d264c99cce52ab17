using Codex.Engine.Auth;
using Codex.Engine.Config;
using Codex.Engine.Exec;
using Codex.Engine.Sandbox;

namespace Codex.Engine.Tests.Exec;

/// <summary>
/// Credential variables (a provider's <c>env_key</c> and <c>env_http_headers</c> variables, <c>OPENAI_API_KEY</c>)
/// never reach a command, whatever <c>shell_environment_policy</c> says, unless its <c>set</c> table names them.
/// </summary>
public sealed class ShellEnvironmentCredentialTests
{
    private static readonly Dictionary<string, string> Server = new(StringComparer.Ordinal)
    {
        ["HOME"] = "/home/u",
        ["PATH"] = "/usr/bin",
        ["PROBE_CRED"] = "canary-env-key",
        ["OPENAI_API_KEY"] = "canary-openai",
        ["PROBE_HEADER_VALUE"] = "canary-header",
        ["probe_cred"] = "another variable, not read by any provider",
        ["EDITOR"] = "vim",
    };

    // A provider whose key is in PROBE_CRED (a name the default excludes do not match) and which sends
    // PROBE_HEADER_VALUE as a header.
    private static readonly CredentialVariables Credentials = CredentialVariables.Create(
        [new ModelProviderInfo { Name = "probe", EnvKey = "PROBE_CRED", EnvHttpHeaders = new Dictionary<string, string> { ["X-Probe"] = "PROBE_HEADER_VALUE" } }],
        []);

    private static readonly string[] CredentialNames = ["PROBE_CRED", "OPENAI_API_KEY", "PROBE_HEADER_VALUE"];

    private static SandboxPolicy Networked => SandboxPolicy.DangerFullAccess;

    [Test]
    public void Build_DefaultPolicy_HidesCredentialsTheDefaultExcludesMiss()
    {
        Dictionary<string, string> env = ShellEnvironment.Build(ShellEnvironmentPolicy.Default, Networked, Credentials, Server);

        Assert.That(env.Keys, Is.EquivalentTo(new[] { "HOME", "PATH", "probe_cred", "EDITOR" }));
    }

    [Test]
    public void Build_InheritAllIgnoringDefaultExcludes_StillHidesCredentials()
    {
        var policy = new ShellEnvironmentPolicy { Inherit = ShellEnvironmentInherit.All, IgnoreDefaultExcludes = true };

        Dictionary<string, string> env = ShellEnvironment.Build(policy, Networked, Credentials, Server);

        Assert.That(env.Keys, Is.EquivalentTo(new[] { "HOME", "PATH", "probe_cred", "EDITOR" }));
    }

    [Test]
    public void Build_IncludeOnlyNamingCredentials_StillHidesThem()
    {
        var policy = new ShellEnvironmentPolicy { IgnoreDefaultExcludes = true, IncludeOnly = ["PROBE_CRED", "OPENAI_API_KEY", "PROBE_*", "PATH"] };

        Dictionary<string, string> env = ShellEnvironment.Build(policy, Networked, Credentials, Server);

        // include_only globs ignore case, so the unrelated probe_cred matches PROBE_* and stays.
        Assert.That(env.Keys, Is.EquivalentTo(new[] { "PATH", "probe_cred" }));
    }

    [Test]
    public void Build_IncludeOnlyStar_StillHidesCredentials()
    {
        var policy = new ShellEnvironmentPolicy { IgnoreDefaultExcludes = true, IncludeOnly = ["*"] };

        Dictionary<string, string> env = ShellEnvironment.Build(policy, Networked, Credentials, Server);

        Assert.That(env.Keys, Is.EquivalentTo(new[] { "HOME", "PATH", "probe_cred", "EDITOR" }));
    }

    [Test]
    public void Build_SetNamesACredential_ThatValueIsHonouredAndOthersStayHidden()
    {
        var policy = new ShellEnvironmentPolicy { IgnoreDefaultExcludes = true, Set = new Dictionary<string, string> { ["PROBE_CRED"] = "x" } };

        Dictionary<string, string> env = ShellEnvironment.Build(policy, Networked, Credentials, Server);

        Assert.That(env["PROBE_CRED"], Is.EqualTo("x"));
        Assert.That(env.Keys, Has.No.Member("OPENAI_API_KEY").And.No.Member("PROBE_HEADER_VALUE"));
    }

    [Test]
    public void Build_SetCredentialWithIncludeOnly_SetValueSurvives()
    {
        var policy = new ShellEnvironmentPolicy { Set = new Dictionary<string, string> { ["OPENAI_API_KEY"] = "for-the-command" }, IncludeOnly = ["OPENAI_API_KEY"] };

        Dictionary<string, string> env = ShellEnvironment.Build(policy, Networked, Credentials, Server);

        Assert.That(env, Is.EquivalentTo(new Dictionary<string, string> { ["OPENAI_API_KEY"] = "for-the-command" }));
    }

    [Test]
    public void Build_ExcludeEverythingElse_CredentialsDoNotComeBack()
    {
        var policy = new ShellEnvironmentPolicy { IgnoreDefaultExcludes = true, Exclude = ["HOME", "EDITOR"] };

        Dictionary<string, string> env = ShellEnvironment.Build(policy, Networked, Credentials, Server);

        Assert.That(env.Keys, Is.EquivalentTo(new[] { "PATH", "probe_cred" }));
    }

    [Test]
    public void Build_DefaultCredentialSet_HidesOpenAiVariables()
    {
        var server = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OPENAI_API_KEY"] = "k",
            ["OPENAI_ORGANIZATION"] = "org",
            ["OPENAI_PROJECT"] = "proj",
            ["OPENAI_BASE_URL"] = "http://127.0.0.1:1/v1",
        };

        Dictionary<string, string> env = ShellEnvironment.Build(new ShellEnvironmentPolicy { IgnoreDefaultExcludes = true }, Networked, CredentialVariables.Default, server);

        Assert.That(env.Keys, Is.EquivalentTo(new[] { "OPENAI_BASE_URL" }));
    }
}
