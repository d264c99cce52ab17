using System.Text.Json;

namespace Codex.Protocol.Tests.Codex;

[TestFixture]
public sealed class CodexToolArgumentsTests
{
    private const string Prefix = "Failed to parse configuration for Codex tool: ";

    [Test]
    public void TryParseCodex_NoArguments_MissingArgumentsText()
    {
        var ok = CodexToolArguments.TryParseCodex(null, out var value, out var error);

        AssertFailure(ok, value, error, "Missing arguments for codex tool-call; the `prompt` field is required.");
    }

    [Test]
    public void TryParseCodex_JsonNullArguments_MissingArgumentsText()
    {
        var ok = CodexToolArguments.TryParseCodex(Parse("null"), out var value, out var error);

        AssertFailure(ok, value, error, "Missing arguments for codex tool-call; the `prompt` field is required.");
    }

    [TestCase(null)]
    [TestCase("null")]
    public void TryParseReply_NoArguments_MissingArgumentsText(string? json)
    {
        var ok = CodexToolArguments.TryParseReply(json is null ? null : Parse(json), out var value, out var error);

        AssertFailure(ok, value, error, "Missing arguments for codex-reply tool-call; the `conversation_id` and `prompt` fields are required.");
    }

    [TestCase("{}")]
    [TestCase("""{"prompt":null,"model":"o3"}""")]
    public void TryParseCodex_NoPrompt_MissingFieldText(string json)
    {
        var ok = CodexToolArguments.TryParseCodex(Parse(json), out var value, out var error);

        AssertFailure(ok, value, error, Prefix + "missing field `prompt`");
    }

    [Test]
    public void TryParseReply_NoPrompt_MissingFieldText()
    {
        var ok = CodexToolArguments.TryParseReply(Parse("""{"threadId":"00000000-0000-0000-0000-000000000000"}"""), out var value, out var error);

        AssertFailure(ok, value, error, Prefix + "missing field `prompt`");
    }

    [TestCase("""{"prompt":5}""", "invalid type: integer `5`, expected a string for `prompt`")]
    [TestCase("""{"prompt":1.5}""", "invalid type: floating point `1.5`, expected a string for `prompt`")]
    [TestCase("""{"prompt":true}""", "invalid type: boolean `true`, expected a string for `prompt`")]
    [TestCase("""{"prompt":["a"]}""", "invalid type: sequence, expected a string for `prompt`")]
    [TestCase("""{"prompt":"x","cwd":{}}""", "invalid type: map, expected a string for `cwd`")]
    [TestCase("""{"prompt":"x","config":[1]}""", "invalid type: sequence, expected a JSON object for `config`")]
    [TestCase("""{"prompt":"x","config":"model=o3"}""", "invalid type: string \"model=o3\", expected a JSON object for `config`")]
    [TestCase("""{"prompt":"x","include-plan-tool":"yes"}""", "invalid type: string \"yes\", expected a boolean for `include-plan-tool`")]
    [TestCase("""{"prompt":"x","sandbox":1}""", "invalid type: integer `1`, expected a string for `sandbox`")]
    public void TryParseCodex_WrongType_InvalidTypeText(string json, string message)
    {
        var ok = CodexToolArguments.TryParseCodex(Parse(json), out var value, out var error);

        AssertFailure(ok, value, error, Prefix + message);
    }

    [Test]
    public void TryParseReply_WrongType_InvalidTypeText()
    {
        var ok = CodexToolArguments.TryParseReply(Parse("""{"prompt":"x","threadId":7}"""), out var value, out var error);

        AssertFailure(ok, value, error, Prefix + "invalid type: integer `7`, expected a string for `threadId`");
    }

    [Test]
    public void TryParseCodex_BadSandbox_UnknownVariantWithTheList()
    {
        var ok = CodexToolArguments.TryParseCodex(Parse("""{"prompt":"x","sandbox":"bogus"}"""), out var value, out var error);

        AssertFailure(ok, value, error, Prefix + "unknown variant `bogus` for `sandbox`, expected one of `read-only`, `workspace-write`, `danger-full-access`");
    }

    [TestCase("always")]
    [TestCase("On-Request")]
    public void TryParseCodex_BadApprovalPolicy_UnknownVariantWithTheList(string policy)
    {
        var ok = CodexToolArguments.TryParseCodex(Parse($$"""{"prompt":"x","approval-policy":"{{policy}}"}"""), out var value, out var error);

        AssertFailure(ok, value, error, Prefix + $"unknown variant `{policy}` for `approval-policy`, expected one of `untrusted`, `on-failure`, `on-request`, `never`");
    }

    [TestCase("\"say hi\"", "invalid type: string \"say hi\", expected a JSON object of arguments")]
    [TestCase("[\"say hi\"]", "invalid type: sequence, expected a JSON object of arguments")]
    [TestCase("42", "invalid type: integer `42`, expected a JSON object of arguments")]
    public void TryParseCodex_NotAnObject_InvalidTypeText(string json, string message)
    {
        var ok = CodexToolArguments.TryParseCodex(Parse(json), out var value, out var error);

        AssertFailure(ok, value, error, Prefix + message);
    }

    [Test]
    public void TryParseReply_NotAnObject_InvalidTypeText()
    {
        var ok = CodexToolArguments.TryParseReply(Parse("\"continue\""), out var value, out var error);

        AssertFailure(ok, value, error, Prefix + "invalid type: string \"continue\", expected a JSON object of arguments");
    }

    [TestCase("""{"prompt":"next"}""")]
    [TestCase("""{"prompt":"next","threadId":null,"conversationId":null}""")]
    [TestCase("""{"prompt":"next","threadId":""}""")]
    public void TryParseReply_NoConversation_EitherIdMustBeProvidedText(string json)
    {
        var ok = CodexToolArguments.TryParseReply(Parse(json), out var value, out var error);

        AssertFailure(ok, value, error, "Failed to parse thread_id: either threadId or conversationId must be provided");
    }

    [Test]
    public void TryParseCodex_EveryArgument_ReadIntoTheParam()
    {
        var ok = CodexToolArguments.TryParseCodex(Parse("""
            {"prompt":"Add a README","model":"o3","profile":"work","cwd":"/w","approval-policy":"on-failure",
             "sandbox":"workspace-write","config":{"model_reasoning_effort":"high","sandbox_workspace_write.network_access":true},
             "base-instructions":"base","developer-instructions":"dev","compact-prompt":"compact","include-plan-tool":true}
            """), out var value, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(error, Is.Null);
            Assert.That(value?.Prompt, Is.EqualTo("Add a README"));
            Assert.That(value?.Model, Is.EqualTo("o3"));
            Assert.That(value?.Profile, Is.EqualTo("work"));
            Assert.That(value?.Cwd, Is.EqualTo("/w"));
            Assert.That(value?.ApprovalPolicy, Is.EqualTo(AskForApproval.OnFailure));
            Assert.That(value?.Sandbox, Is.EqualTo(SandboxMode.WorkspaceWrite));
            Assert.That(value?.Config?.Keys, Is.EquivalentTo(new[] { "model_reasoning_effort", "sandbox_workspace_write.network_access" }));
            Assert.That(value?.Config?["sandbox_workspace_write.network_access"].GetBoolean(), Is.True);
            Assert.That(value?.BaseInstructions, Is.EqualTo("base"));
            Assert.That(value?.DeveloperInstructions, Is.EqualTo("dev"));
            Assert.That(value?.CompactPrompt, Is.EqualTo("compact"));
            Assert.That(value?.IncludePlanTool, Is.True);
        }
    }

    [TestCase("untrusted", AskForApproval.Untrusted)]
    [TestCase("on-failure", AskForApproval.OnFailure)]
    [TestCase("on-request", AskForApproval.OnRequest)]
    [TestCase("never", AskForApproval.Never)]
    public void TryParseCodex_EachApprovalPolicy_Read(string name, AskForApproval expected)
    {
        CodexToolArguments.TryParseCodex(Parse($$"""{"prompt":"x","approval-policy":"{{name}}"}"""), out var value, out _);

        Assert.That(value?.ApprovalPolicy, Is.EqualTo(expected));
    }

    [TestCase("read-only", SandboxMode.ReadOnly)]
    [TestCase("workspace-write", SandboxMode.WorkspaceWrite)]
    [TestCase("danger-full-access", SandboxMode.DangerFullAccess)]
    public void TryParseCodex_EachSandbox_Read(string name, SandboxMode expected)
    {
        CodexToolArguments.TryParseCodex(Parse($$"""{"prompt":"x","sandbox":"{{name}}"}"""), out var value, out _);

        Assert.That(value?.Sandbox, Is.EqualTo(expected));
    }

    [Test]
    public void TryParseCodex_UnknownKeys_Ignored()
    {
        var ok = CodexToolArguments.TryParseCodex(Parse("""{"prompt":"x","bogus":1,"Prompt":5,"nested":{"sandbox":"nope"}}"""), out var value, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(error, Is.Null);
            Assert.That(value, Is.EqualTo(new CodexToolCallParam { Prompt = "x" }));
        }
    }

    [Test]
    public void TryParseReply_UnknownKeys_Ignored()
    {
        var ok = CodexToolArguments.TryParseReply(Parse("""{"prompt":"x","conversationId":"c","sessionId":"s","extra":[1]}"""), out var value, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(error, Is.Null);
            Assert.That(value, Is.EqualTo(new CodexToolCallReplyParam { Prompt = "x", ConversationId = "c" }));
        }
    }

    [TestCase("""{"prompt":"p","threadId":"t"}""", "t")]
    [TestCase("""{"prompt":"p","conversationId":"c"}""", "c")]
    [TestCase("""{"prompt":"p","threadId":"t","conversationId":"c"}""", "t")]
    public void TryParseReply_EitherId_EffectiveIdPrefersThreadId(string json, string expected)
    {
        var ok = CodexToolArguments.TryParseReply(Parse(json), out var value, out _);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(value?.Prompt, Is.EqualTo("p"));
            Assert.That(value?.EffectiveConversationId, Is.EqualTo(expected));
        }
    }

    private static void AssertFailure<T>(bool ok, T? value, string? error, string expected)
        where T : class
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(value, Is.Null);
            Assert.That(error, Is.EqualTo(expected));
        }
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
