using System.Text.Json;
using Codex.Engine.Config;
using Codex.Engine.Config.Toml;

namespace Codex.Engine.Tests.Config;

/// <summary>The <c>config</c> tool argument: JSON values at dotted keys, converted to TOML (spec §2.1) and layered over config.toml.</summary>
public sealed class ConfigLoaderConfigArgumentTests
{
    [Test]
    public void FromDottedKeys_ScalarKinds_MapToTomlKinds()
    {
        var table = JsonToToml.FromDottedKeys(TempCodexHome.ConfigArgument("""
            {"nothing": null, "yes": true, "no": false, "text": "hi", "int": 42, "negative": -7, "zero": 0,
             "float": 1.5, "exponent": 1e3, "huge": 9223372036854775808, "max": 9223372036854775807}
            """));

        Assert.That(table["nothing"], Is.EqualTo(string.Empty));
        Assert.That(table["yes"], Is.EqualTo(true));
        Assert.That(table["no"], Is.EqualTo(false));
        Assert.That(table["text"], Is.EqualTo("hi"));
        Assert.That(table["int"], Is.TypeOf<long>().And.EqualTo(42L));
        Assert.That(table["negative"], Is.TypeOf<long>().And.EqualTo(-7L));
        Assert.That(table["zero"], Is.TypeOf<long>().And.EqualTo(0L));
        Assert.That(table["max"], Is.TypeOf<long>().And.EqualTo(long.MaxValue));
        Assert.That(table["float"], Is.TypeOf<double>().And.EqualTo(1.5));
        Assert.That(table["exponent"], Is.TypeOf<double>().And.EqualTo(1000.0));
        Assert.That(table["huge"], Is.TypeOf<double>(), "a number beyond i64 becomes a float");
    }

    [Test]
    public void FromDottedKeys_ArraysAndNestedObjects_MapRecursively()
    {
        var table = JsonToToml.FromDottedKeys(TempCodexHome.ConfigArgument("""
            {"list": [1, "two", [3.5], {"k": null}], "outer": {"inner": {"deep": 1}, "flag": true}}
            """));

        var list = (TomlArray)table["list"];
        Assert.That(list, Has.Count.EqualTo(4));
        Assert.That(list[0], Is.TypeOf<long>().And.EqualTo(1L));
        Assert.That(list[1], Is.EqualTo("two"));
        Assert.That(((TomlArray)list[2])[0], Is.TypeOf<double>().And.EqualTo(3.5));
        Assert.That(((TomlTable)list[3])["k"], Is.EqualTo(string.Empty));
        Assert.That(table.TryGetPath(["outer", "inner", "deep"], out var deep), Is.True);
        Assert.That(deep, Is.TypeOf<long>().And.EqualTo(1L));
        Assert.That(table.TryGetPath(["outer", "flag"], out var flag) && flag is true, Is.True);
    }

    [Test]
    public void FromDottedKeys_DottedKeys_CreateTablesAndShareThem()
    {
        var table = JsonToToml.FromDottedKeys(TempCodexHome.ConfigArgument("""
            {"a.b.c": 1, "a.b.d": "x", "a.e": true}
            """));

        var a = (TomlTable)table["a"];
        var b = (TomlTable)a["b"];
        Assert.That(b.Keys.Order(), Is.EqualTo(new[] { "c", "d" }));
        Assert.That(b["c"], Is.EqualTo(1L));
        Assert.That(a["e"], Is.EqualTo(true));
    }

    [TestCase("a..b")]
    [TestCase(".a")]
    [TestCase("a.")]
    [TestCase("")]
    public void FromDottedKeys_EmptyKeyPart_ErrorNamesKeyAndArgument(string key)
    {
        var values = new Dictionary<string, JsonElement> { [key] = JsonSerializer.SerializeToElement(1) };

        var error = Assert.Throws<ConfigException>(() => JsonToToml.FromDottedKeys(values));

        Assert.That(error!.Message, Does.Contain($"`{key}`").And.Contain("`config` argument"));
    }

    [Test]
    public void Load_ConfigArgumentReplacesANonTableInConfigToml()
    {
        using var home = new TempCodexHome();
        home.Write("sandbox_workspace_write = 5\n");

        var policy = home.Load(r => r with
        {
            Sandbox = Protocol.SandboxMode.WorkspaceWrite,
            Overrides = TempCodexHome.ConfigArgument("""{"sandbox_workspace_write.network_access": true}"""),
        }).SandboxPolicy;

        Assert.That(policy.NetworkAccess, Is.True);
    }

    [Test]
    public void Load_ConfigArgumentIntegerForIntegerKey_IsAccepted()
    {
        using var home = new TempCodexHome();

        var config = home.Load(r => r with { Overrides = TempCodexHome.ConfigArgument("""{"approval_timeout_ms": 2500, "project_doc_max_bytes": 0}""") });

        Assert.That(config.ApprovalTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(2500)));
    }

    [Test]
    public void Load_ConfigArgumentFloatForIntegerKey_ErrorNamesArgumentKeyAndValue()
    {
        using var home = new TempCodexHome();

        var error = Assert.Throws<ConfigException>(() => home.Load(r => r with { Overrides = TempCodexHome.ConfigArgument("""{"approval_timeout_ms": 2.5}""") }));

        Assert.That(error!.Message, Is.EqualTo("the `config` argument: `approval_timeout_ms` must be an integer, not the float 2.5."));
    }

    [Test]
    public void Load_ConfigArgumentBadEnum_ErrorNamesTheArgument()
    {
        using var home = new TempCodexHome();

        var error = Assert.Throws<ConfigException>(() => home.Load(r => r with { Overrides = TempCodexHome.ConfigArgument("""{"approval_policy": "sometimes"}""") }));

        Assert.That(error!.Message, Is.EqualTo("the `config` argument: `approval_policy` has unknown value \"sometimes\"; expected one of \"untrusted\", \"on-failure\", \"on-request\", \"never\"."));
    }

    [Test]
    public void Load_ConfigArgumentNullModel_BecomesEmptyStringAsTheOriginal()
    {
        using var home = new TempCodexHome();
        home.Write("model_reasoning_effort = \"high\"\n");

        var error = Assert.Throws<ConfigException>(() => home.Load(r => r with { Overrides = TempCodexHome.ConfigArgument("""{"model_reasoning_effort": null}""") }));

        Assert.That(error!.Message, Does.StartWith("the `config` argument: `model_reasoning_effort` has unknown value \"\""), "null is written as \"\", which this key rejects");
    }

    [Test]
    public void Load_ConfigArgumentBeatsDashCForTheSameKey()
    {
        using var home = new TempCodexHome();

        var config = home.Load(r => r with { Overrides = TempCodexHome.ConfigArgument("""{"model": "from-argument"}""") }, overrides: ["model=\"from-dash-c\"", "model_reasoning_effort=\"high\""]);

        Assert.That((config.Model, config.ReasoningEffort), Is.EqualTo(("from-argument", "high")));
    }
}
