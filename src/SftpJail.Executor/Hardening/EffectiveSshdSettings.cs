using SftpJail.Core.Model;
using SftpJail.Core.Values;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Hardening;

/// <summary>
/// What sshd would really apply to a connection by one user: <c>sshd -T -C user=…</c> over the whole configuration
/// (main file and includes, Match blocks evaluated), as a keyword → value map. Repeated keywords (allowgroups,
/// hostkey, …) are joined with spaces.
/// </summary>
public sealed class EffectiveSshdSettings(HostProfile profile, IProcessRunner runner)
{
    public async Task<IReadOnlyDictionary<string, string>> ForUserAsync(LinuxUserName user, CancellationToken cancellationToken) =>
        await ForNameAsync(user.Value, cancellationToken);

    /// <summary>For names the typed values refuse on purpose (root).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ForRootAsync(CancellationToken cancellationToken) =>
        await ForNameAsync("root", cancellationToken);

    private async Task<IReadOnlyDictionary<string, string>> ForNameAsync(string user, CancellationToken cancellationToken)
    {
        var connection = $"user={user},host=localhost,addr=127.0.0.1,laddr=127.0.0.1,lport={profile.Listen.Port}";
        var result = await runner.RunCheckedAsync(
            new ProcessSpec(profile.SshdBinary.Value, ["-T", "-f", profile.SshdMainConfigPath.Value, "-C", connection]),
            cancellationToken);
        return Parse(result.StandardOutput);
    }

    public static IReadOnlyDictionary<string, string> Parse(string output)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var (key, value) = space < 0 ? (line, string.Empty) : (line[..space], line[(space + 1)..].Trim());
            settings[key] = settings.TryGetValue(key, out var earlier) ? earlier + " " + value : value;
        }

        return settings;
    }
}
