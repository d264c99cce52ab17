namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>What one absolute path must hold once the patch is applied.</summary>
/// <param name="Path">The absolute path.</param>
/// <param name="Content">The new text, or null when the file must not exist afterwards.</param>
/// <param name="ModeSource">An existing file whose permissions a newly created file inherits (a move's source), if any.</param>
internal sealed record PlannedWrite(string Path, string? Content, string? ModeSource);
