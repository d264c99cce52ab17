namespace Codex.Benchmarks;

/// <summary>
/// One fuzz line (without its LF) and what the server must do with it. Ids are written as keys:
/// <c>s:&lt;text&gt;</c> for a string id, <c>n:&lt;integer&gt;</c> for an integer one.
/// </summary>
/// <param name="Kind">What the line tries.</param>
/// <param name="Bytes">The raw bytes.</param>
/// <param name="AnsweredId">The id that must be answered exactly once (result or error), if any.</param>
/// <param name="UnansweredIds">Ids inside the line that must never be answered (it is not a request the server can attribute).</param>
/// <param name="NullIdError">Whether the line must get exactly one error with <c>"id":null</c>.</param>
/// <param name="StartsTurn">Whether the line is a valid <c>codex</c> call whose answer is the scripted model's text.</param>
public sealed record FuzzLine(FuzzKind Kind, byte[] Bytes, string? AnsweredId, IReadOnlyList<string> UnansweredIds, bool NullIdError, bool StartsTurn);
