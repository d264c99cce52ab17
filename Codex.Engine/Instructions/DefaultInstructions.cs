namespace Codex.Engine.Instructions;

/// <summary>The system instructions used unless <c>base-instructions</c> replaces them.</summary>
internal static class DefaultInstructions
{
    private static readonly Lazy<string> Content = new(() =>
    {
        using var stream = typeof(DefaultInstructions).Assembly.GetManifestResourceStream("Codex.Engine.Instructions.default_instructions.md")
            ?? throw new InvalidOperationException("The default instructions resource is missing from Codex.Engine.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Text => Content.Value;
}
