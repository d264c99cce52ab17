using System.Text.Json.Serialization;
using Codex.Protocol.Serialization;

namespace Codex.Protocol;

/// <summary>
/// One file's change in a patch (spec §3.2). Written externally tagged, as the baseline does
/// (<c>{"add":{"content":…}}</c>); the internally tagged form of later releases
/// (<c>{"type":"add","content":…}</c>) is accepted on input.
/// </summary>
[JsonConverter(typeof(FileChangeConverter))]
public abstract record FileChange;

/// <summary>A file that the patch creates.</summary>
/// <param name="Content">The new file's full content.</param>
public sealed record AddFileChange(string Content) : FileChange;

/// <summary>A file that the patch deletes.</summary>
/// <param name="Content">The content being deleted.</param>
public sealed record DeleteFileChange(string Content) : FileChange;

/// <summary>A file that the patch edits, and possibly moves.</summary>
/// <param name="UnifiedDiff">The hunks, with one line of context and no file headers.</param>
/// <param name="MovePath">The destination when the file is also moved.</param>
public sealed record UpdateFileChange(string UnifiedDiff, string? MovePath = null) : FileChange;
