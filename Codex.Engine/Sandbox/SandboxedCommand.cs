namespace Codex.Engine.Sandbox;

/// <summary>A process to start: the launcher wrapping a command.</summary>
/// <param name="FileName">The executable to start.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Environment">The complete environment of the started process.</param>
public sealed record SandboxedCommand(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment);
