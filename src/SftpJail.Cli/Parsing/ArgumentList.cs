namespace SftpJail.Cli.Parsing;

/// <summary>
/// The words after a command, split into positionals and options. Options are <c>--name</c> (flag) or
/// <c>--name value</c> / <c>--name=value</c>; anything after <c>--</c> is positional. Unknown options are errors, so a
/// typo never silently changes what a command does.
/// </summary>
public sealed class ArgumentList
{
    private readonly string command;
    private readonly List<string> positionals = [];
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);

    private ArgumentList(string command) => this.command = command;

    public static ArgumentList Parse(string command, IReadOnlyList<string> args, IReadOnlyCollection<string>? flagNames = null, IReadOnlyCollection<string>? valueNames = null)
    {
        flagNames ??= [];
        valueNames ??= [];
        var list = new ArgumentList(command);
        var onlyPositionals = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyPositionals || !arg.StartsWith("--", StringComparison.Ordinal))
            {
                list.positionals.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                onlyPositionals = true;
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (flagNames.Contains(name))
            {
                if (equals >= 0)
                {
                    throw new UsageException($"'{command}': {name} takes no value.");
                }

                list.flags.Add(name);
            }
            else if (valueNames.Contains(name))
            {
                string value;
                if (equals >= 0)
                {
                    value = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new UsageException($"'{command}': {name} needs a value.");
                }

                if (!list.values.TryGetValue(name, out var existing))
                {
                    list.values[name] = existing = [];
                }

                existing.Add(value);
            }
            else
            {
                throw new UsageException($"'{command}' has no option {Printable(name)}.");
            }
        }

        return list;
    }

    public bool Has(string flag) => flags.Contains(flag);

    /// <summary>The value of an option given at most once.</summary>
    public string? Value(string name) => values.TryGetValue(name, out var all)
        ? all.Count == 1 ? all[0] : throw new UsageException($"'{command}': {name} can be given only once.")
        : null;

    public IReadOnlyList<string> All(string name) => values.TryGetValue(name, out var all) ? all : [];

    /// <summary>Exactly these positionals, by name, in order.</summary>
    public IReadOnlyList<string> Positionals(params string[] names)
    {
        if (positionals.Count < names.Length)
        {
            throw new UsageException($"'{command}' needs {string.Join(' ', names.Select(n => n.ToUpperInvariant()))}.");
        }

        if (positionals.Count > names.Length)
        {
            throw new UsageException($"'{command}' does not take '{Printable(positionals[names.Length])}'.");
        }

        return positionals;
    }

    public int? WholeNumber(string name, int min, int max)
    {
        var text = Value(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException($"'{command}': {name} must be a whole number from {min} to {max}.");
    }

    /// <summary>Echoed text is cut and stripped of control characters so an error stays one readable line.</summary>
    internal static string Printable(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length > 60 ? clean[..60] + "..." : clean;
    }
}
