using System.Runtime.InteropServices;

/// <summary>
/// Removes every user and group whose name starts with a benchmark's prefix in one rewrite of the four account files
/// (under lckpwdf and the shadow-utils .lock files, as vipw does): 10,000 userdel runs take longer than the benchmark.
/// Users only: homes and site directories go with the benchmark's base directory.
/// </summary>
internal static partial class BulkAccountRemoval
{
    private static readonly string[] Files = ["shadow", "gshadow", "group", "passwd"];

    public static void Remove(string prefix)
    {
        if (lckpwdf() != 0)
        {
            throw new IOException("lckpwdf failed: another program holds the account files");
        }

        var locks = new List<string>();
        try
        {
            foreach (var file in Files)
            {
                var lockPath = $"/etc/{file}.lock";
                using (var stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }

                locks.Add(lockPath);
            }

            foreach (var file in Files)
            {
                Rewrite($"/etc/{file}", prefix);
            }
        }
        finally
        {
            locks.ForEach(File.Delete);
            _ = ulckpwdf();
        }
    }

    private static void Rewrite(string path, string prefix)
    {
        var lines = File.ReadAllLines(path);
        var kept = lines.Where(l => !l.StartsWith(prefix, StringComparison.Ordinal))
            .Select(l => DropMembers(l, prefix))
            .ToArray();
        if (kept.SequenceEqual(lines))
        {
            return;
        }

        var temporary = path + "+";
        File.WriteAllLines(temporary, kept);
        File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
        Run.CommandAsync("chown", ["--reference=" + path, temporary]).GetAwaiter().GetResult();
        File.Move(temporary, path, overwrite: true);
    }

    // group and gshadow: the last field lists members; a benchmark user is taken out of groups it does not own.
    private static string DropMembers(string line, string prefix)
    {
        var fields = line.Split(':');
        if (fields.Length != 4 || !fields[3].Contains(prefix, StringComparison.Ordinal))
        {
            return line;
        }

        fields[3] = string.Join(',', fields[3].Split(',').Where(m => !m.StartsWith(prefix, StringComparison.Ordinal)));
        return string.Join(':', fields);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int lckpwdf();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ulckpwdf();
}
