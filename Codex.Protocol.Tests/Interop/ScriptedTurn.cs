using Codex.Testing;

namespace Codex.Protocol.Tests.Interop;

/// <summary>
/// What the real-client tests play: a workspace, and a CODEX_HOME whose config.toml points the
/// server at the scripted model (as a user points it at any OpenAI-compatible endpoint). In the
/// <c>codex</c> call the model asks to run <c>touch accepted.txt</c> then <c>touch denied.txt</c>
/// (each needs approval under <c>untrusted</c>) and answers <see cref="FirstAnswer"/>; a
/// <c>codex-reply</c> gets <see cref="SecondAnswer"/>.
/// </summary>
internal sealed class ScriptedTurn : IAsyncDisposable
{
    public const string FirstAnswer = "first turn done";
    public const string SecondAnswer = "second turn done";

    private readonly string _root;

    private ScriptedTurn(ScriptedModelServer model, string root)
    {
        Model = model;
        _root = root;
        CodexHome = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        Workspace = Directory.CreateDirectory(Path.Combine(root, "workspace")).FullName;
    }

    public ScriptedModelServer Model { get; }

    public string CodexHome { get; }

    public string Workspace { get; }

    public bool Accepted => File.Exists(Path.Combine(Workspace, "accepted.txt"));

    public bool Denied => File.Exists(Path.Combine(Workspace, "denied.txt"));

    public static async Task<ScriptedTurn> StartAsync(CancellationToken cancellationToken)
    {
        var model = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(
                ScriptedReply.Call("shell", """{"command":["touch","accepted.txt"]}""", "call_accept"),
                ScriptedReply.Call("shell", """{"command":["touch","denied.txt"]}""", "call_deny"),
                ScriptedReply.Text(FirstAnswer),
                ScriptedReply.Text(SecondAnswer)),
            cancellationToken);
        var turn = new ScriptedTurn(model, Directory.CreateTempSubdirectory("codex-client-").FullName);
        await File.WriteAllTextAsync(Path.Combine(turn.CodexHome, "config.toml"), ScriptedConfig.Toml(model.BaseUrl), cancellationToken);
        return turn;
    }

    public async ValueTask DisposeAsync()
    {
        await Model.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
