using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Codex.Benchmarks;

/// <summary>
/// Produces a reproducible stream of hostile and valid lines for a server's stdin from a seed.
/// Every line records what a conforming server does with it (our contract, spec §1.1 and §1.8):
/// a request whose id can be read is answered exactly once under that id; input that is not
/// JSON, not an object, or has an unreadable id gets one error with id null; notifications,
/// client responses and blank lines get nothing. Ids are unique across the run.
/// </summary>
public sealed class FuzzLineGenerator
{
    /// <summary>The answer the scripted model gives every valid turn.</summary>
    public const string TurnAnswer = "fuzz answer";

    private static readonly (FuzzKind Kind, int Weight)[] Weights =
    [
        (FuzzKind.Ping, 150),
        (FuzzKind.MalformedJson, 150),
        (FuzzKind.BadUtf8, 80),
        (FuzzKind.WrongTypes, 120),
        (FuzzKind.UnknownMethod, 90),
        (FuzzKind.HugeId, 50),
        (FuzzKind.Batch, 50),
        (FuzzKind.Notification, 90),
        (FuzzKind.BadParams, 90),
        (FuzzKind.BadToolArguments, 90),
        (FuzzKind.ClientResponse, 30),
        (FuzzKind.ValidTurn, 5),
        (FuzzKind.Blank, 5),
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF],
        [0xFE, 0xFE],
        [0x80],
        [0xC0, 0xAF],
        [0xC3, 0x28],
        [0xED, 0xA0, 0x80],
        [0xF4, 0x90, 0x80, 0x80],
        [0xE2, 0x82],
    ];

    private readonly Random _random;
    private readonly string _workspace;
    private readonly int _totalWeight = Weights.Sum(w => w.Weight);
    private long _next;

    /// <summary>A generator for <paramref name="seed"/>; valid turns run in <paramref name="workspace"/>.</summary>
    public FuzzLineGenerator(int seed, string workspace)
    {
        _random = new Random(seed);
        _workspace = workspace;
    }

    /// <summary>The key of a string id, as the lines record it.</summary>
    public static string StringKey(string id) => "s:" + id;

    /// <summary>The key of an integer id, as the lines record it.</summary>
    public static string NumberKey(long id) => "n:" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The key of an id as received; null for <c>null</c>; a non-id value gets an <c>x:</c> key.</summary>
    public static string? KeyOf(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => StringKey(id.GetString()!),
        JsonValueKind.Number when id.TryGetInt64(out var n) => NumberKey(n),
        _ => "x:" + id.GetRawText(),
    };

    /// <summary>A valid <c>initialize</c> request, the usual first line.</summary>
    public FuzzLine Initialize()
    {
        var (json, key) = NewId();
        return Answered(FuzzKind.BadParams, $$$$"""{"jsonrpc":"2.0","id":{{{{json}}}},"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}}""", key);
    }

    /// <summary>A valid <c>ping</c>; the usual last line.</summary>
    public FuzzLine Ping()
    {
        var (json, key) = NewId();
        return Answered(FuzzKind.Ping, $$$"""{"jsonrpc":"2.0","id":{{{json}}},"method":"ping"}""", key);
    }

    /// <summary>The next line.</summary>
    public FuzzLine Next()
    {
        var pick = _random.Next(_totalWeight);
        foreach (var (kind, weight) in Weights)
        {
            if (pick < weight)
            {
                return Make(kind);
            }

            pick -= weight;
        }

        throw new InvalidOperationException("Weights do not add up.");
    }

    private FuzzLine Make(FuzzKind kind) => kind switch
    {
        FuzzKind.Ping => MakePing(),
        FuzzKind.MalformedJson => MakeMalformed(),
        FuzzKind.BadUtf8 => MakeBadUtf8(),
        FuzzKind.WrongTypes => MakeWrongTypes(),
        FuzzKind.UnknownMethod => MakeUnknownMethod(),
        FuzzKind.HugeId => MakeHugeId(),
        FuzzKind.Batch => MakeBatch(),
        FuzzKind.Notification => MakeNotification(),
        FuzzKind.BadParams => MakeBadParams(),
        FuzzKind.BadToolArguments => MakeBadToolArguments(),
        FuzzKind.ClientResponse => MakeClientResponse(),
        FuzzKind.ValidTurn => MakeValidTurn(),
        FuzzKind.Blank => new FuzzLine(kind, Encoding.UTF8.GetBytes(Pick("", " ", "\t", "   \t ", "\r")), null, [], false, false),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private FuzzLine MakePing()
    {
        var (id, key) = NewId();
        var text = _random.Next(6) switch
        {
            0 => $$$"""{"id":{{{id}}},"method":"ping"}""",
            1 => $$$"""{"method":"ping","params":{},"id":{{{id}}},"jsonrpc":"2.0"}""",
            2 => $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"ping","params":null}""",
            3 => $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"ping"}""" + "\r",
            4 => $$$"""  {"jsonrpc" : "2.0", "id" : {{{id}}}, "method" : "ping"}  """,
            _ => $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"ping"}""",
        };
        return Answered(FuzzKind.Ping, text, key);
    }

    private FuzzLine MakeMalformed()
    {
        var (id, key) = NewId();
        var (id2, key2) = NewId();
        var valid = $$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"tools/call","params":{"name":"codex","arguments":{"prompt":"never run"}}}""";
        var text = _random.Next(8) switch
        {
            0 => valid[..(1 + _random.Next(valid.Length - 1))],
            1 => "@" + RandomAscii(1 + _random.Next(200)),
            2 => $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"ping"}{"jsonrpc":"2.0","id":{{{id2}}},"method":"ping"}""",
            3 => $$$"""{'jsonrpc':'2.0','id':{{{id}}},'method':'ping'}""",
            4 => $$$"""{"jsonrpc":"2.0",/* c */"id":{{{id}}},"method":"ping"}""",
            5 => $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"ping",}""",
            6 => $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"ping","params":{"x":{{{new string('[', 300)}}}{{{new string(']', 300)}}}}}""",
            _ => $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"ping" "params":{}}""",
        };
        return new FuzzLine(FuzzKind.MalformedJson, Encoding.UTF8.GetBytes(text), null, [key, key2], true, false);
    }

    private FuzzLine MakeBadUtf8()
    {
        var (id, key) = NewId();
        var prefix = Encoding.UTF8.GetBytes($$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"pi""");
        var suffix = Encoding.UTF8.GetBytes("""ng","params":{"note":"x"}}""");
        var bad = InvalidUtf8[_random.Next(InvalidUtf8.Length)];
        return new FuzzLine(FuzzKind.BadUtf8, [.. prefix, .. bad, .. suffix], null, [key], true, false);
    }

    private FuzzLine MakeWrongTypes()
    {
        var (id, key) = NewId();
        return _random.Next(12) switch
        {
            // The id can be read, so the error names it.
            0 => Answered(FuzzKind.WrongTypes, $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":42}""", key),
            1 => Answered(FuzzKind.WrongTypes, $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"ping","params":"text"}""", key),
            2 => Answered(FuzzKind.WrongTypes, $$$"""{"jsonrpc":2,"id":{{{id}}},"method":"ping"}""", key),
            3 => Answered(FuzzKind.WrongTypes, $$$"""{"jsonrpc":"2.0","id":{{{id}}}}""", key),
            4 => Answered(FuzzKind.WrongTypes, $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"tools/list","params":7}""", key),

            // No readable id: one error with id null.
            5 => NullError(FuzzKind.WrongTypes, $$$"""{"jsonrpc":"2.0","id":{{{Pick("true", "{}", "[]", "1.5", "-0.25")}}},"method":"ping"}"""),
            6 => NullError(FuzzKind.WrongTypes, """{"jsonrpc":"2.0","id":null,"method":"ping"}"""),
            7 => NullError(FuzzKind.WrongTypes, Pick("42", "\"ping\"", "null", "true", "false", "-1e400")),
            8 => NullError(FuzzKind.WrongTypes, "{}"),
            9 => NullError(FuzzKind.WrongTypes, """{"jsonrpc":"2.0","result":{}}"""),
            10 => NullError(FuzzKind.WrongTypes, """{"jsonrpc":"2.0","method":"notifications/initialized","params":"text"}"""),
            _ => NullError(FuzzKind.WrongTypes, """{"jsonrpc":"2.0","method":7}"""),
        };
    }

    private FuzzLine MakeUnknownMethod()
    {
        var method = Pick("foo/bar", "tools/unknown", "resources/subscribe", "", "PING", "ping ", "codex", "rpc.discover", "\u00e9t\u00e9/\u6f22\u5b57");
        if (_random.Next(3) == 0)
        {
            // An unknown notification is ignored.
            return new FuzzLine(FuzzKind.UnknownMethod, Encoding.UTF8.GetBytes($$$"""{"jsonrpc":"2.0","method":{{{Quote(method)}}},"params":{}}"""), null, [], false, false);
        }

        var (id, key) = NewId();
        return Answered(FuzzKind.UnknownMethod, $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":{{{Quote(method)}}},"params":{"a":[1,2,3]}}""", key);
    }

    private FuzzLine MakeHugeId()
    {
        var n = Interlocked.Increment(ref _next);
        switch (_random.Next(4))
        {
            case 0:
                var max = long.MaxValue - n;
                return Answered(FuzzKind.HugeId, $$$"""{"jsonrpc":"2.0","id":{{{max.ToString(CultureInfo.InvariantCulture)}}},"method":"ping"}""", NumberKey(max));
            case 1:
                var min = long.MinValue + n;
                return Answered(FuzzKind.HugeId, $$$"""{"jsonrpc":"2.0","id":{{{min.ToString(CultureInfo.InvariantCulture)}}},"method":"ping"}""", NumberKey(min));
            case 2:
                var longId = $"long-{n}-" + new string('x', 1000 + _random.Next(3000));
                return Answered(FuzzKind.HugeId, $$$"""{"jsonrpc":"2.0","id":{{{Quote(longId)}}},"method":"ping"}""", StringKey(longId));
            default:
                // Past the 64-bit range: not an id anyone can echo, so id null.
                var digits = "9" + n.ToString(CultureInfo.InvariantCulture).PadLeft(29, '0');
                return NullError(FuzzKind.HugeId, $$$"""{"jsonrpc":"2.0","id":{{{digits}}},"method":"ping"}""");
        }
    }

    private FuzzLine MakeBatch()
    {
        var (id, key) = NewId();
        var (id2, key2) = NewId();
        var text = _random.Next(3) switch
        {
            0 => "[]",
            1 => $$$"""[{"jsonrpc":"2.0","id":{{{id}}},"method":"ping"}]""",
            _ => $$$"""[{"jsonrpc":"2.0","id":{{{id}}},"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":{{{id2}}},"method":"tools/list"}]""",
        };
        return new FuzzLine(FuzzKind.Batch, Encoding.UTF8.GetBytes(text), null, [key, key2], true, false);
    }

    private FuzzLine MakeNotification()
    {
        var n = Interlocked.Increment(ref _next);
        var text = _random.Next(5) switch
        {
            0 => """{"jsonrpc":"2.0","method":"notifications/initialized"}""",

            // Cancels requests that never existed: a real in-flight one would lose its answer by design.
            1 => $$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"never-sent-{{{n}}}","reason":"fuzz"}}""",
            2 => $$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{{{-n}}}}}""",
            3 => """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t","progress":0.5}}""",
            _ => """{"jsonrpc":"2.0","method":"notifications/roots/list_changed"}""",
        };
        return new FuzzLine(FuzzKind.Notification, Encoding.UTF8.GetBytes(text), null, [], false, false);
    }

    private FuzzLine MakeBadParams()
    {
        var (id, key) = NewId();
        var rest = _random.Next(10) switch
        {
            0 => """ "method":"initialize","params":{} """,
            1 => """ "method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"again","version":"1"}} """,
            2 => """ "method":"tools/list","params":[] """,
            3 => """ "method":"tools/list","params":{"cursor":5} """,
            4 => """ "method":"tools/call","params":{} """,
            5 => """ "method":"tools/call","params":{"name":5} """,
            6 => """ "method":"tools/call","params":[] """,
            7 => """ "method":"ping","params":[1,2] """,
            8 => """ "method":"logging/setLevel","params":{"level":"loud"} """,
            _ => """ "method":"initialize","params":{"protocolVersion":7,"capabilities":"none","clientInfo":[]} """,
        };
        return Answered(FuzzKind.BadParams, $$$"""{"jsonrpc":"2.0","id":{{{id}}},{{{rest.Trim()}}}}""", key);
    }

    private FuzzLine MakeBadToolArguments()
    {
        var (id, key) = NewId();
        var call = _random.Next(16) switch
        {
            0 => """{"name":"codex","arguments":"prompt"}""",
            1 => """{"name":"codex","arguments":5}""",
            2 => """{"name":"codex","arguments":[]}""",
            3 => """{"name":"codex"}""",
            4 => """{"name":"codex","arguments":{}}""",
            5 => """{"name":"codex","arguments":{"prompt":5}}""",
            6 => """{"name":"codex","arguments":{"prompt":"x","sandbox":"bogus"}}""",
            7 => """{"name":"codex","arguments":{"prompt":"x","approval-policy":7}}""",
            8 => """{"name":"codex","arguments":{"prompt":"x","config":"not an object"}}""",
            9 => """{"name":"codex","arguments":{"prompt":"x","cwd":5}}""",
            10 => """{"name":"codex-reply","arguments":{"prompt":"x"}}""",
            11 => """{"name":"codex-reply","arguments":{"prompt":"x","conversationId":"not-a-uuid"}}""",
            12 => $$$"""{"name":"codex-reply","arguments":{"prompt":"x","threadId":"{{{RandomGuid()}}}"}}""",
            13 => """{"name":"codex-reply","arguments":{"prompt":5,"conversationId":5}}""",
            14 => """{"name":"no-such-tool","arguments":{}}""",
            _ => """{"name":"","arguments":null}""",
        };
        return Answered(FuzzKind.BadToolArguments, $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"tools/call","params":{{{call}}}}""", key);
    }

    private FuzzLine MakeClientResponse()
    {
        var (id, key) = NewId();
        var text = _random.Next(3) switch
        {
            0 => $$$"""{"jsonrpc":"2.0","id":{{{id}}},"result":{}}""",
            1 => $$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":{"code":-1,"message":"no"}}""",
            _ => $$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":"not an object"}""",
        };
        return new FuzzLine(FuzzKind.ClientResponse, Encoding.UTF8.GetBytes(text), null, [key], false, false);
    }

    private FuzzLine MakeValidTurn()
    {
        var (id, key) = NewId();
        var text = $$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"tools/call","params":{"name":"codex","arguments":{"prompt":"fuzz turn","cwd":{{{{Quote(_workspace)}}}}}}}""";
        return new FuzzLine(FuzzKind.ValidTurn, Encoding.UTF8.GetBytes(text), key, [], false, true);
    }

    /// <summary>A fresh id: an integer, or a string that sometimes needs escaping or is not ASCII.</summary>
    private (string Json, string Key) NewId()
    {
        var n = Interlocked.Increment(ref _next);
        switch (_random.Next(4))
        {
            case 0:
                return (n.ToString(CultureInfo.InvariantCulture), NumberKey(n));
            case 1:
                var odd = $"id \"{n}\" \\ \u00e9\u2603\t";
                return (Quote(odd), StringKey(odd));
            default:
                var plain = $"f-{n}";
                return (Quote(plain), StringKey(plain));
        }
    }

    private static FuzzLine Answered(FuzzKind kind, string text, string key) => new(kind, Encoding.UTF8.GetBytes(text), key, [], false, false);

    private static FuzzLine NullError(FuzzKind kind, string text) => new(kind, Encoding.UTF8.GetBytes(text), null, [], true, false);

    private string Pick(params string[] options) => options[_random.Next(options.Length)];

    private string RandomAscii(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)_random.Next(0x20, 0x7F);
        }

        return new string(chars);
    }

    private Guid RandomGuid()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string Quote(string value) => "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
}
