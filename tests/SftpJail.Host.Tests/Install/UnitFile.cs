namespace SftpJail.Host.Tests.Install;

/// <summary>
/// The [Unit] and [Service] settings of an installed unit as systemd would load them: the unit file, then its drop-in
/// directory's *.conf files in name order; an empty assignment resets a list (ExecStart=, Environment=).
/// </summary>
public sealed class UnitFile
{
    private readonly Dictionary<string, List<string>> service = new(StringComparer.Ordinal);

    private UnitFile(string path) => Path = path;

    public string Path { get; }

    public static UnitFile Load(string path)
    {
        var unit = new UnitFile(path);
        unit.Read(path);
        var dropIns = path + ".d";
        if (Directory.Exists(dropIns))
        {
            foreach (var conf in Directory.GetFiles(dropIns, "*.conf").Order(StringComparer.Ordinal))
            {
                unit.Read(conf);
            }
        }

        return unit;
    }

    /// <summary>A [Service] setting; "Unit.Requires" names one of the [Unit] section.</summary>
    public IReadOnlyList<string> Values(string key) => service.TryGetValue(key, out var values) ? values : [];

    public string? Value(string key) => Values(key) is [.., var last] ? last : null;

    /// <summary>ExecStart= split into the program and its arguments (no prefixes such as '-' or '@' are used here).</summary>
    public IReadOnlyList<string> ExecStart => Words(Values("ExecStart") is [var only] ? only : throw new InvalidOperationException($"{Path}: expected one ExecStart=, found {Values("ExecStart").Count}"));

    /// <summary>Every Environment= assignment in order, later ones winning.</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var assignment in Values("Environment").SelectMany(Words))
            {
                var equals = assignment.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    environment[assignment[..equals]] = assignment[(equals + 1)..];
                }
            }

            return environment;
        }
    }

    /// <summary>systemd's word splitting: blanks separate words, double quotes group them, a backslash escapes one character.</summary>
    public static List<string> Words(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inWord = false;
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length)
            {
                word.Append(line[++i]);
                inWord = true;
            }
            else if (c == '"')
            {
                quoted = !quoted;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private void Read(string file)
    {
        var section = string.Empty;
        foreach (var raw in File.ReadAllLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                section = line;
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (section is not ("[Service]" or "[Unit]") || equals <= 0)
            {
                continue;
            }

            var key = (section == "[Unit]" ? "Unit." : string.Empty) + line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (!service.TryGetValue(key, out var values))
            {
                service[key] = values = [];
            }

            if (value.Length == 0)
            {
                values.Clear();
            }
            else
            {
                values.Add(value);
            }
        }
    }
}
