namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>One file operation of a patch. <see cref="Path"/> is exactly as written in the patch.</summary>
/// <param name="Path">The file's path as written (relative or absolute).</param>
public abstract record PatchHunk(string Path);

/// <summary><c>*** Add File: path</c>: creates (or overwrites) a file.</summary>
/// <param name="Path">The file's path as written.</param>
/// <param name="Contents">Each <c>+</c> line without its marker, each followed by <c>\n</c>.</param>
public sealed record AddFileHunk(string Path, string Contents) : PatchHunk(Path);

/// <summary><c>*** Delete File: path</c>: removes an existing file.</summary>
/// <param name="Path">The file's path as written.</param>
public sealed record DeleteFileHunk(string Path) : PatchHunk(Path);

/// <summary><c>*** Update File: path</c>, with an optional <c>*** Move to:</c>, and at least one chunk.</summary>
/// <param name="Path">The file's path as written.</param>
/// <param name="MovePath">The destination as written when the file is also moved.</param>
/// <param name="Chunks">The chunks, in file order.</param>
public sealed record UpdateFileHunk(string Path, string? MovePath, IReadOnlyList<UpdateFileChunk> Chunks)
    : PatchHunk(Path);
