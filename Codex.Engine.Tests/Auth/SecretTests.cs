using System.Text.Json;
using Codex.Engine.Auth;

namespace Codex.Engine.Tests.Auth;

public sealed class SecretTests
{
    private const string Key = "sk-live-abcdef";

    [Test]
    public void ToString_AnySecret_IsRedacted()
    {
        var secret = new Secret(Key);

        Assert.That(secret.ToString(), Is.EqualTo("[REDACTED]"));
        Assert.That($"key={secret}", Is.EqualTo("key=[REDACTED]"));
    }

    [Test]
    public void Serialize_Secret_DoesNotExposeTheValue()
    {
        var json = JsonSerializer.Serialize(new { key = new Secret(Key) });

        Assert.That(json, Does.Not.Contain(Key));
    }

    [Test]
    public void RedactFrom_TextContainingTheKey_ReplacesEveryOccurrence()
    {
        var secret = new Secret(Key);

        Assert.That(secret.RedactFrom($"bad key {Key}, really {Key}"), Is.EqualTo("bad key [REDACTED], really [REDACTED]"));
    }

    [Test]
    public void Constructor_EmptyValue_IsRejected()
    {
        Assert.That(() => new Secret("  "), Throws.ArgumentException);
    }
}
