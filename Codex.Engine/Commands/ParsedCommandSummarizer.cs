using Codex.Protocol;

namespace Codex.Engine.Commands;

/// <summary>
/// Builds the UI summary <c>parsed_cmd</c> of a command (spec §3.2): reads, listings and searches
/// are recognised, <c>bash -lc</c> plain scripts are split into their commands with <c>cd</c>
/// tracked, and everything else is one <c>unknown</c> entry.
/// </summary>
public static class ParsedCommandSummarizer
{
    // Helpers that only reshape the output of the command before them in a pipeline.
    private static readonly HashSet<string> PipelineFormatters = new(StringComparer.Ordinal)
    {
        "awk", "column", "cut", "head", "less", "more", "nl", "sed", "sort", "tail", "tr", "uniq", "wc",
    };

    private static readonly HashSet<string> RipgrepOptionsWithValue = new(StringComparer.Ordinal)
    {
        "-e", "--regexp", "-f", "--file", "-g", "--glob", "--iglob", "-t", "--type", "-T", "--type-not",
        "-A", "--after-context", "-B", "--before-context", "-C", "--context", "-m", "--max-count",
        "-d", "--max-depth", "-M", "--max-columns", "-j", "--threads", "--sort", "--sortr", "--color",
        "--colors", "-E", "--encoding", "--type-add", "-r", "--replace", "--max-filesize",
    };

    private static readonly HashSet<string> GrepOptionsWithValue = new(StringComparer.Ordinal)
    {
        "-e", "--regexp", "-f", "--file", "-A", "--after-context", "-B", "--before-context", "-C",
        "--context", "-m", "--max-count", "--include", "--exclude", "--exclude-dir", "-d", "-D",
        "--label", "--color", "--colour",
    };

    private static readonly HashSet<string> HeadTailOptionsWithValue = new(StringComparer.Ordinal)
    {
        "-n", "--lines", "-c", "--bytes",
    };

    private static readonly HashSet<string> FindNameTests = new(StringComparer.Ordinal)
    {
        "-name", "-iname", "-path", "-ipath", "-regex", "-iregex", "-wholename", "-iwholename",
    };

    /// <summary>Summarises <paramref name="argv"/>; never empty for a non-empty argv.</summary>
    public static IReadOnlyList<ParsedCommand> Summarize(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        IReadOnlyList<ParsedCommand> parsed = ShellInvocation.TryGetScript(argv) is { } script
            ? SummarizeScript(script)
            : [SummarizeWords(argv, cdDirectory: null)];
        return CollapseConsecutiveDuplicates(parsed);
    }

    private static List<ParsedCommand> CollapseConsecutiveDuplicates(IReadOnlyList<ParsedCommand> commands)
    {
        var result = new List<ParsedCommand>(commands.Count);
        foreach (ParsedCommand command in commands)
        {
            if (result.Count == 0 || !result[^1].Equals(command))
            {
                result.Add(command);
            }
        }

        return result;
    }

    private static IReadOnlyList<ParsedCommand> SummarizeScript(string script)
    {
        IReadOnlyList<PlainCommand>? commands = ShellScriptParser.TryParsePlainCommands(script, allowGlobs: true);
        if (commands is null)
        {
            return [new UnknownParsedCommand { Cmd = script }];
        }

        bool multiple = commands.Count > 1;
        string? cdDirectory = null;
        var summaries = new List<ParsedCommand>();
        foreach (PlainCommand command in commands)
        {
            string name = ShellInvocation.Basename(command.Words[0]);
            if (name == "cd")
            {
                if (command.Words.Count == 2)
                {
                    cdDirectory = cdDirectory is null ? command.Words[1] : JoinPath(cdDirectory, command.Words[1]);
                }

                continue;
            }

            if (multiple && (name == "true"
                || (command.ConnectorBefore == ShellConnector.Pipe && PipelineFormatters.Contains(name) && !HasFileOperand(command.Words))))
            {
                continue;
            }

            summaries.Add(SummarizeWords(command.Words, cdDirectory));
        }

        // A script that reduces to one unrecognised command is shown as written, connectors and all.
        if (summaries.Count == 0 || (summaries is [UnknownParsedCommand] && (multiple || summaries[0].Cmd != script)))
        {
            return [new UnknownParsedCommand { Cmd = script }];
        }

        return summaries;
    }

    private static ParsedCommand SummarizeWords(IReadOnlyList<string> words, string? cdDirectory)
    {
        string cmd = ShellQuoting.Join(words);
        if (words.Count == 0)
        {
            return new UnknownParsedCommand { Cmd = cmd };
        }

        string name = ShellInvocation.Basename(words[0]);
        IReadOnlyList<string> args = words.Skip(1).ToArray();
        return name switch
        {
            "cat" or "nl" or "bat" or "less" or "more" => ReadOf(cmd, SingleOperand(args, []), cdDirectory),
            "head" or "tail" => ReadOf(cmd, SingleOperand(args, HeadTailOptionsWithValue), cdDirectory),
            "sed" => SummarizeSed(cmd, args, cdDirectory),
            "ls" or "tree" => new ListFilesParsedCommand { Cmd = cmd, Path = Operands(args, []).FirstOrDefault() },
            "rg" or "rga" => SummarizeRipgrep(cmd, args),
            "grep" or "egrep" or "fgrep" or "ag" or "ack" => SummarizeGrep(cmd, args),
            "fd" or "fdfind" => SummarizeFd(cmd, args),
            "find" => SummarizeFind(cmd, args),
            _ => new UnknownParsedCommand { Cmd = cmd },
        };
    }

    private static ParsedCommand ReadOf(string cmd, string? file, string? cdDirectory)
    {
        if (file is null)
        {
            return new UnknownParsedCommand { Cmd = cmd };
        }

        string path = cdDirectory is null ? file : JoinPath(cdDirectory, file);
        return new ReadParsedCommand { Cmd = cmd, Name = Path.GetFileName(file.TrimEnd('/')), Path = path };
    }

    private static ParsedCommand SummarizeSed(string cmd, IReadOnlyList<string> args, string? cdDirectory)
    {
        // Only `sed -n <range>p <file>` is a read; any other sed may edit.
        if (args.Count == 3 && args[0] == "-n" && Approvals.CommandSafety.IsSedPrintRange(args[1]) && !args[2].StartsWith('-'))
        {
            return ReadOf(cmd, args[2], cdDirectory);
        }

        return new UnknownParsedCommand { Cmd = cmd };
    }

    private static ParsedCommand SummarizeRipgrep(string cmd, IReadOnlyList<string> args)
    {
        if (args.Contains("--files"))
        {
            return new ListFilesParsedCommand { Cmd = cmd, Path = Operands(args, RipgrepOptionsWithValue).FirstOrDefault() };
        }

        return SearchOf(cmd, args, RipgrepOptionsWithValue);
    }

    private static ParsedCommand SummarizeGrep(string cmd, IReadOnlyList<string> args) => SearchOf(cmd, args, GrepOptionsWithValue);

    private static ParsedCommand SearchOf(string cmd, IReadOnlyList<string> args, HashSet<string> optionsWithValue)
    {
        string? explicitPattern = OptionValue(args, "-e", "--regexp");
        IReadOnlyList<string> operands = Operands(args, optionsWithValue);
        string? query = explicitPattern ?? operands.FirstOrDefault();
        string? path = explicitPattern is null ? operands.Skip(1).FirstOrDefault() : operands.FirstOrDefault();
        return new SearchParsedCommand { Cmd = cmd, Query = query, Path = path };
    }

    private static ParsedCommand SummarizeFd(string cmd, IReadOnlyList<string> args)
    {
        IReadOnlyList<string> operands = Operands(args, ["-e", "--extension", "-t", "--type", "-d", "--max-depth", "-E", "--exclude", "-x", "--exec", "-X", "--exec-batch"]);
        return operands.Count == 0
            ? new ListFilesParsedCommand { Cmd = cmd, Path = null }
            : new SearchParsedCommand { Cmd = cmd, Query = operands[0], Path = operands.Skip(1).FirstOrDefault() };
    }

    private static ParsedCommand SummarizeFind(string cmd, IReadOnlyList<string> args)
    {
        string? path = args.Count > 0 && !args[0].StartsWith('-') && args[0] is not ("(" or "!") ? args[0] : null;
        for (int i = 0; i + 1 < args.Count; i++)
        {
            if (FindNameTests.Contains(args[i]))
            {
                return new SearchParsedCommand { Cmd = cmd, Query = args[i + 1], Path = path };
            }
        }

        return new ListFilesParsedCommand { Cmd = cmd, Path = path };
    }

    private static bool HasFileOperand(IReadOnlyList<string> words)
    {
        string name = ShellInvocation.Basename(words[0]);
        IReadOnlyList<string> args = words.Skip(1).ToArray();
        return name switch
        {
            "head" or "tail" => Operands(args, HeadTailOptionsWithValue).Count > 0,
            "sed" => args.Count == 3 && args[0] == "-n",
            "awk" => Operands(args, ["-F", "-v", "-f"]).Count > 1,
            _ => Operands(args, []).Count > 0,
        };
    }

    private static string? SingleOperand(IReadOnlyList<string> args, ICollection<string> optionsWithValue)
    {
        IReadOnlyList<string> operands = Operands(args, optionsWithValue);
        return operands.Count == 1 ? operands[0] : null;
    }

    /// <summary>The non-option arguments, skipping the values of options that take one.</summary>
    private static List<string> Operands(IReadOnlyList<string> args, ICollection<string> optionsWithValue)
    {
        var operands = new List<string>();
        bool afterDoubleDash = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (afterDoubleDash)
            {
                operands.Add(arg);
            }
            else if (arg == "--")
            {
                afterDoubleDash = true;
            }
            else if (arg.StartsWith('-') && arg.Length > 1)
            {
                if (optionsWithValue.Contains(arg))
                {
                    i++;
                }
            }
            else
            {
                operands.Add(arg);
            }
        }

        return operands;
    }

    private static string? OptionValue(IReadOnlyList<string> args, string shortName, string longName)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--")
            {
                break;
            }

            if ((args[i] == shortName || args[i] == longName) && i + 1 < args.Count)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(longName + "=", StringComparison.Ordinal))
            {
                return args[i][(longName.Length + 1)..];
            }
        }

        return null;
    }

    private static string JoinPath(string directory, string path) =>
        path.StartsWith('/') ? path : directory.TrimEnd('/') + "/" + path;
}
