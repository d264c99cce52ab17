namespace Codex.Engine.Images;

/// <summary>An image argument that cannot be sent: unreadable, not an image, of an unsupported type, or over a limit.</summary>
public sealed class ImageInputException(string message) : Exception(message);
