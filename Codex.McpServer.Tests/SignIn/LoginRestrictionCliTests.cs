using System.Net;
using System.Text.Json.Nodes;
using Codex.Testing;

namespace Codex.McpServer.Tests.SignIn;

/// <summary>
/// <c>login</c> and <c>login status</c> (the real binary) under <c>forced_login_method</c> and
/// <c>forced_chatgpt_workspace_id</c>, from config.toml or <c>-c</c>, against the scripted issuer on 127.0.0.1.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LoginRestrictionCliTests : SignInCliFixture
{
    private const string Key = "sk-proj-CANARY-forced-0123456789abcdef";

    private static Dictionary<string, string?> NoEnvironment => [];

    [Test]
    public async Task LoginWithApiKey_ForcedChatGpt_RefusedAndNothingSaved()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        WriteConfig("forced_login_method = \"chatgpt\"");

        using var run = CliRun.Start(Home, NoEnvironment, Key + "\n", "login", "--with-api-key");

        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.EqualTo(1));
        Assert.That(run.Stderr, Is.EqualTo(new[] { "API key login is disabled. Use ChatGPT login instead." }));
        Assert.That(File.Exists(AuthPath), Is.False);
        AssertNoSecretIn(run.Stdout.Concat(run.Stderr), Key);
    }

    [Test]
    public async Task LoginWithApiKey_ForcedApi_Saved()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        WriteConfig("forced_login_method = \"api\"\nforced_chatgpt_workspace_id = \"acct-1234\"");

        using var run = CliRun.Start(Home, NoEnvironment, Key + "\n", "login", "--with-api-key");

        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.Zero, string.Join('\n', run.Stderr));
        Assert.That(JsonNode.Parse(File.ReadAllText(AuthPath))!["OPENAI_API_KEY"]!.GetValue<string>(), Is.EqualTo(Key));
        AssertNoSecretIn(run.Stdout.Concat(run.Stderr), Key);
    }

    [TestCase("--device-auth")]
    [TestCase("--callback-port")]
    public async Task Login_ChatGptFlowsUnderForcedApiFromOverride_RefusedWithoutContactingTheIssuer(string flow)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string[] args = flow == "--device-auth"
            ? ["login", "--device-auth", "--experimental_issuer", Issuer.BaseUrl, "-c", "forced_login_method=\"api\""]
            : ["login", "--callback-port", "0", "--experimental_issuer", Issuer.BaseUrl, "-c", "forced_login_method=\"api\""];

        using var run = CliRun.Start(Home, NoEnvironment, null, args);

        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.EqualTo(1));
        Assert.That(run.Stderr, Is.EqualTo(new[] { "ChatGPT login is disabled. Use API key login instead." }));
        Assert.That(Issuer.Requests, Is.Empty);
        Assert.That(File.Exists(AuthPath), Is.False);
    }

    [Test]
    public async Task Login_BrowserFlowWithWorkspacePolicy_AuthorizeUrlCarriesAllowedWorkspaceIdAndTheMatchIsSaved()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        WriteConfig("forced_login_method = \"chatgpt\"\nforced_chatgpt_workspace_id = [\"acct-0\", \"acct-1234\"]");
        using var run = CliRun.Start(Home, NoEnvironment, null, "login", "--experimental_issuer", Issuer.BaseUrl, "--callback-port", "0");

        var authorizeUrl = (await run.WaitForLineAsync(l => l.StartsWith(Issuer.BaseUrl + "/oauth/authorize?", StringComparison.Ordinal), timeout.Token)).Trim();
        Assert.That(ParseQuery(new Uri(authorizeUrl).Query)["allowed_workspace_id"], Is.EqualTo("acct-0,acct-1234"));
        await BrowseAsync(authorizeUrl, timeout.Token);

        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.Zero, string.Join('\n', run.Stderr));
        Assert.That(JsonNode.Parse(File.ReadAllText(AuthPath))!["tokens"]!["account_id"]!.GetValue<string>(), Is.EqualTo("acct-1234"));
        AssertNoSecretIn(run.Stdout.Concat(run.Stderr), Key);
    }

    [Test]
    public async Task Login_BrowserFlowWorkspaceMismatch_ErrorPageAndNothingSaved()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Issuer.AccountId = "acct-other";
        WriteConfig("forced_chatgpt_workspace_id = \"acct-1234\"");
        using var run = CliRun.Start(Home, NoEnvironment, null, "login", "--experimental_issuer", Issuer.BaseUrl, "--callback-port", "0");

        var authorizeUrl = (await run.WaitForLineAsync(l => l.StartsWith(Issuer.BaseUrl + "/oauth/authorize?", StringComparison.Ordinal), timeout.Token)).Trim();
        Assert.That(ParseQuery(new Uri(authorizeUrl).Query)["allowed_workspace_id"], Is.EqualTo("acct-1234"));
        var page = await BrowseAsync(authorizeUrl, timeout.Token);

        Assert.That(page, Does.Contain("Login is restricted to workspace id(s) acct-1234."));
        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.EqualTo(1));
        Assert.That(run.Stderr, Does.Contain("Error logging in: Login is restricted to workspace id(s) acct-1234."));
        Assert.That(File.Exists(AuthPath), Is.False);
        Assert.That(Issuer.Requests.Count(r => r.Form.GetValueOrDefault("grant_type") == "urn:ietf:params:oauth:grant-type:token-exchange"), Is.Zero, "no API key is obtained for a refused account");
        AssertNoSecretIn(run.Stdout.Concat(run.Stderr), Key);
    }

    [Test]
    public async Task Login_DeviceAuthWorkspaceMismatch_RefusedAndNothingSaved()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Issuer.AccountId = "acct-other";
        WriteConfig("forced_chatgpt_workspace_id = \"acct-1234\"");

        using var run = CliRun.Start(Home, NoEnvironment, null, "login", "--device-auth", "--experimental_issuer", Issuer.BaseUrl);

        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.EqualTo(1));
        Assert.That(run.Stderr, Does.Contain("Error logging in with device code: Login is restricted to workspace id(s) acct-1234."));
        Assert.That(File.Exists(AuthPath), Is.False);
        AssertNoSecretIn(run.Stdout.Concat(run.Stderr), Key);
    }

    [Test]
    public async Task Login_DeviceAuthWorkspaceMatch_Saved()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        WriteConfig("forced_chatgpt_workspace_id = \"acct-1234\"");

        using var run = CliRun.Start(Home, NoEnvironment, null, "login", "--device-auth", "--experimental_issuer", Issuer.BaseUrl);

        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.Zero, string.Join('\n', run.Stderr));
        Assert.That(JsonNode.Parse(File.ReadAllText(AuthPath))!["auth_mode"]!.GetValue<string>(), Is.EqualTo("chatgpt"));
    }

    [Test]
    public async Task LoginStatus_ApiKeyUnderForcedChatGpt_SaysWhyExits1AndChangesNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        WriteConfig("forced_login_method = \"chatgpt\"");
        File.WriteAllText(AuthPath, new JsonObject { ["auth_mode"] = "apikey", ["OPENAI_API_KEY"] = Key }.ToJsonString());
        var before = File.ReadAllText(AuthPath);

        using var run = CliRun.Start(Home, NoEnvironment, null, "login", "status");

        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.EqualTo(1));
        Assert.That(run.Stdout, Has.Count.EqualTo(2));
        Assert.That(run.Stdout[0], Is.EqualTo("Logged in using an API key"));
        Assert.That(run.Stdout[1], Does.StartWith("Not usable: ChatGPT login is required, but an API key is currently being used.").And.Contain("`codex-mcp-server login`"));
        Assert.That(File.ReadAllText(AuthPath), Is.EqualTo(before), "status only reports");
        AssertNoSecretIn(run.Stdout.Concat(run.Stderr), Key);
    }

    [TestCase("login", "status", "-c", "forced_chatgpt_workspace_id=\"ws-allowed\"")]
    [TestCase("-c", "forced_chatgpt_workspace_id=\"ws-allowed\"", "login", "status")]
    public async Task LoginStatus_WorkspaceMismatchFromOverride_SaysWhichWorkspaces(params string[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        WriteChatGptAuthJson();

        using var run = CliRun.Start(Home, NoEnvironment, null, arguments);

        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.EqualTo(1));
        Assert.That(run.Stdout[0], Is.EqualTo("Logged in using ChatGPT"));
        Assert.That(run.Stdout[^1], Does.StartWith("Not usable: Login is restricted to workspace(s) ws-allowed, but current credentials belong to acct-1234."));
        AssertNoSecretIn(run.Stdout.Concat(run.Stderr), Key);
    }

    [Test]
    public async Task LoginStatus_WorkspaceMatch_Exits0()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        WriteConfig("forced_login_method = \"chatgpt\"\nforced_chatgpt_workspace_id = \"acct-1234\"");
        WriteChatGptAuthJson();

        using var run = CliRun.Start(Home, NoEnvironment, null, "login", "status");

        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.Zero);
        Assert.That(run.Stdout, Has.None.StartsWith("Not usable"));
    }

    [TestCase("status")]
    [TestCase("--with-api-key")]
    public async Task Login_BadForcedLoginMethod_ConfigErrorNamesTheKey(string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        WriteConfig("forced_login_method = \"x\"");

        using var run = CliRun.Start(Home, NoEnvironment, Key + "\n", "login", what);

        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.EqualTo(1));
        Assert.That(run.Stderr, Is.EqualTo(new[] { $"Error loading configuration: {Path.Combine(Home, "config.toml")}: `forced_login_method` has unknown value \"x\"; expected one of \"chatgpt\", \"api\"." }));
        Assert.That(File.Exists(AuthPath), Is.False);
    }

    private void WriteConfig(string toml) => File.WriteAllText(Path.Combine(Home, "config.toml"), toml + "\n");

    /// <summary>Plays the browser: the issuer's redirect to the callback, then the callback's answer (followed when it redirects); returns the last page.</summary>
    private static async Task<string> BrowseAsync(string authorizeUrl, CancellationToken cancellationToken)
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var toCallback = await browser.GetAsync(authorizeUrl, cancellationToken);
        Assert.That(toCallback.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        using var callback = await browser.GetAsync(toCallback.Headers.Location!, cancellationToken);
        if (callback.StatusCode != HttpStatusCode.Found)
        {
            return await callback.Content.ReadAsStringAsync(cancellationToken);
        }

        using var success = await browser.GetAsync(callback.Headers.Location!, cancellationToken);
        return await success.Content.ReadAsStringAsync(cancellationToken);
    }
}
