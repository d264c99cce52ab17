using Tomlyn.Serialization;

namespace Codex.Engine.Config.Toml;

/// <summary>
/// Source-generated metadata for reading a document into Tomlyn's untyped table model: no
/// reflection-based mapping, so the reader stays trim- and NativeAOT-safe.
/// </summary>
[TomlSerializable(typeof(Tomlyn.Model.TomlTable))]
[TomlSourceGenerationOptions(MaxDepth = TomlParser.MaxDepth)]
internal sealed partial class TomlModelContext : TomlSerializerContext;
