using System.Text.Json;
using System.Text.Json.Serialization;
using Codex.Protocol.Serialization;

namespace Codex.Protocol;

/// <summary>
/// An item of a turn, in <c>item_started</c>/<c>item_completed</c>. Written externally tagged as
/// the baseline does (<c>{"UserMessage":{…}}</c>); the internally tagged form of later releases
/// (<c>{"type":"UserMessage",…}</c>) is accepted, and other item kinds are kept whole.
/// </summary>
[JsonConverter(typeof(TurnItemConverter))]
public abstract record TurnItem;

/// <summary>The user's prompt as an item.</summary>
public sealed record UserMessageTurnItem : TurnItem
{
    /// <summary>A UUID for the item.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The user's input.</summary>
    [JsonPropertyName("content")]
    public required IReadOnlyList<UserInput> Content { get; init; }
}

/// <summary>An item kind this library does not model; kept whole.</summary>
/// <param name="Type">The item's tag.</param>
/// <param name="Raw">The item as read.</param>
public sealed record UnknownTurnItem(string Type, JsonElement Raw) : TurnItem;

/// <summary>One piece of user input, tagged by <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextUserInput), "text")]
[JsonDerivedType(typeof(ImageUserInput), "image")]
[JsonDerivedType(typeof(LocalImageUserInput), "local_image")]
public abstract record UserInput
{
    /// <summary>Fields of later releases (for example <c>text_elements</c>), kept as read.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Text input.</summary>
public sealed record TextUserInput : UserInput
{
    /// <summary>The text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }
}

/// <summary>An image by URL.</summary>
public sealed record ImageUserInput : UserInput
{
    /// <summary>The URL (often a <c>data:</c> URL).</summary>
    [JsonPropertyName("image_url")]
    public required string ImageUrl { get; init; }
}

/// <summary>An image file on the server's machine.</summary>
public sealed record LocalImageUserInput : UserInput
{
    /// <summary>The path.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }
}
