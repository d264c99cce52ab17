namespace Codex.Engine.Threads;

/// <summary>A saved conversation as the catalogue lists it, from its rollout's first lines and the file's time.</summary>
/// <param name="Id">The conversation id.</param>
/// <param name="Title">The first prompt, shortened to one line; empty before the first prompt is saved.</param>
/// <param name="Cwd">The working directory.</param>
/// <param name="Model">The model it was started with.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="UpdatedAt">When its rollout last changed.</param>
public sealed record SavedThread(string Id, string Title, string Cwd, string Model, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt);

/// <summary>One page of <see cref="ThreadCatalog.List"/>.</summary>
/// <param name="Threads">The threads, newest first.</param>
/// <param name="NextCursor">Where the next page starts, or null on the last page.</param>
public sealed record ThreadPage(IReadOnlyList<SavedThread> Threads, string? NextCursor);
