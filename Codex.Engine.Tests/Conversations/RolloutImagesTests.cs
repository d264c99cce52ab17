using Codex.Engine.Conversations;
using Codex.Engine.Model;

namespace Codex.Engine.Tests.Conversations;

public sealed class RolloutImagesTests
{
    private const string Png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("rollout-images-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void ExternalizeThenRestore_GivesBackTheSameDataUrlAndStoresTheBytesOnce()
    {
        var rollout = Path.Combine(_dir, "rollout-x.jsonl");
        var message = new MessageItem { Role = "user", Content = [new InputImageContent { ImageUrl = Png }, new InputImageContent { ImageUrl = Png }, new InputTextContent { Text = "look" }] };

        var stored = (MessageItem)RolloutImages.Externalize(message, rollout);
        var restored = (MessageItem)RolloutImages.Restore(stored, rollout);

        Assert.That(stored.ToJson(), Does.Not.Contain("base64").And.Contain("rollout-image:"));
        Assert.That(Directory.GetFiles(Path.Combine(_dir, "rollout-x.images")), Has.Length.EqualTo(1));
        Assert.That(restored.ToJson(), Is.EqualTo(message.ToJson()));
    }

    [Test]
    public void Restore_ImageFileGone_TextSaysSoAndTheItemStaysValid()
    {
        var rollout = Path.Combine(_dir, "rollout-y.jsonl");
        var stored = RolloutImages.Externalize(new MessageItem { Role = "user", Content = [new InputImageContent { ImageUrl = Png }] }, rollout);
        Directory.Delete(Path.Combine(_dir, "rollout-y.images"), recursive: true);

        var restored = (MessageItem)RolloutImages.Restore(stored, rollout);

        Assert.That(restored.Content.Single(), Is.TypeOf<InputTextContent>());
        Assert.That(restored.Text, Does.StartWith("[image ").And.EndWith(" is missing from the saved conversation]"));
    }

    [Test]
    public void Externalize_RemoteUrlOrText_Untouched()
    {
        var message = new MessageItem { Role = "user", Content = [new InputImageContent { ImageUrl = "https://example.com/a.png" }] };

        Assert.That(RolloutImages.Externalize(message, Path.Combine(_dir, "r.jsonl")), Is.SameAs(message));
    }
}
