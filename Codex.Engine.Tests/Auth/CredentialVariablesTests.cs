using Codex.Engine.Auth;
using Codex.Engine.Config;

namespace Codex.Engine.Tests.Auth;

public sealed class CredentialVariablesTests
{
    [Test]
    public void Default_HasOpenAiKeyAndTheBuiltInHeaderVariables()
    {
        Assert.That(CredentialVariables.Default.Names, Is.EquivalentTo(new[] { "OPENAI_API_KEY", "OPENAI_ORGANIZATION", "OPENAI_PROJECT" }));
    }

    [Test]
    public void Create_Providers_CollectsEnvKeysHeaderVariablesAndOthers()
    {
        var providers = new[]
        {
            new ModelProviderInfo { Name = "a", EnvKey = "A_KEY", EnvHttpHeaders = new Dictionary<string, string> { ["X-A"] = "A_HEADER" } },
            new ModelProviderInfo { Name = "b", EnvKey = "  B_KEY " },
            new ModelProviderInfo { Name = "local" },
        };

        var credentials = CredentialVariables.Create(providers, ["OTHER_KEY", " "]);

        Assert.That(credentials.Names, Is.EquivalentTo(new[] { "OPENAI_API_KEY", "A_KEY", "A_HEADER", "  B_KEY ", "B_KEY", "OTHER_KEY" }));
        Assert.That(credentials.Contains("A_KEY"), Is.True);
        Assert.That(credentials.Contains("a_key"), Is.False, "environment names are case-sensitive");
    }
}
