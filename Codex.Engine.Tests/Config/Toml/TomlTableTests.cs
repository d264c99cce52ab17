using Codex.Engine.Config.Toml;

namespace Codex.Engine.Tests.Config.Toml;

[TestFixture]
public sealed class TomlTableTests
{
    [Test]
    public void SetPath_MissingIntermediates_CreatesTables()
    {
        var table = new TomlTable();

        table.SetPath(["model_providers", "local", "base_url"], "http://127.0.0.1:8080/v1");

        Assert.That(table.TryGetPath(["model_providers", "local", "base_url"], out object? value) ? value : null, Is.EqualTo("http://127.0.0.1:8080/v1"));
    }

    [Test]
    public void SetPath_IntermediateIsScalarOrArray_ReplacesItWithATable()
    {
        TomlTable document = TomlParser.Parse("sandbox = \"read-only\"\nlist = [1, 2]\n");

        document.SetPath(["sandbox", "mode"], "workspace-write");
        document.SetPath(["list", "x"], 1L);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(document.TryGetPath(["sandbox", "mode"], out object? mode) ? mode : null, Is.EqualTo("workspace-write"));
            Assert.That(document.TryGetPath(["list", "x"], out object? x) ? x : null, Is.EqualTo(1L));
            Assert.That(((TomlTable)document["sandbox"]).Count, Is.EqualTo(1));
        }
    }

    [Test]
    public void SetPath_IntoParsedDocument_KeepsSiblingsAndKeyOrder()
    {
        TomlTable document = TomlParser.Parse("model = \"o3\"\n[profiles.p]\nmodel = \"a\"\neffort = \"low\"\n[other]\nx = 1\n");

        document.SetPath(["profiles", "p", "model"], "b");
        document.SetPath(["model"], "gpt-5");

        var profile = (TomlTable)((TomlTable)document["profiles"])["p"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(profile.Keys, Is.EqualTo(new[] { "model", "effort" }));
            Assert.That(profile["model"], Is.EqualTo("b"));
            Assert.That(profile["effort"], Is.EqualTo("low"));
            Assert.That(document.Keys, Is.EqualTo(new[] { "model", "profiles", "other" }));
            Assert.That(document["model"], Is.EqualTo("gpt-5"));
        }
    }

    [Test]
    public void SetPath_ReplacesWholeSubtreeAtLeaf()
    {
        TomlTable document = TomlParser.Parse("[a.b]\nc = 1\n");
        var replacement = new TomlTable();
        replacement.Set("d", 2L);

        document.SetPath(["a", "b"], replacement);

        Assert.That(document.TryGetPath(["a", "b", "c"], out _), Is.False);
        Assert.That(document.TryGetPath(["a", "b", "d"], out object? d) ? d : null, Is.EqualTo(2L));
    }

    [Test]
    public void SetPath_EmptyPath_ThrowsArgumentException()
    {
        Assert.That(() => new TomlTable().SetPath([], "x"), Throws.ArgumentException);
    }

    [Test]
    public void Set_UnsupportedClrType_ThrowsArgumentException()
    {
        var table = new TomlTable();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => table.Set("n", 1), Throws.ArgumentException);
            Assert.That(() => table.SetPath(["a", "n"], DateTime.Now), Throws.ArgumentException);
            Assert.That(() => new TomlArray().Add(1.5f), Throws.ArgumentException);
            Assert.That(table.Count, Is.EqualTo(0));
        }
    }

    [Test]
    public void DeepClone_MutatingTheCopy_LeavesTheOriginalUnchanged()
    {
        TomlTable original = TomlParser.Parse("[a]\nlist = [{ x = 1 }]\n");

        TomlTable copy = original.DeepClone();
        copy.SetPath(["a", "new"], true);
        ((TomlTable)((TomlArray)((TomlTable)copy["a"])["list"])[0]).Set("x", 2L);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(original.TryGetPath(["a", "new"], out _), Is.False);
            Assert.That(((TomlTable)((TomlArray)((TomlTable)original["a"])["list"])[0])["x"], Is.EqualTo(1L));
        }
    }

    [Test]
    public void TryGet_ValueOfAnotherType_ReturnsFalse()
    {
        TomlTable document = TomlParser.Parse("n = 1\ns = \"x\"\n");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(document.TryGet("n", out string? _), Is.False);
            Assert.That(document.TryGet("n", out long number) ? number : -1, Is.EqualTo(1L));
            Assert.That(document.TryGet("missing", out string? _), Is.False);
            Assert.That(document.TryGetPath(["s", "deeper"], out _), Is.False);
        }
    }
}
