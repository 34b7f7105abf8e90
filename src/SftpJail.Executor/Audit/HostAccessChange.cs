using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SftpJail.Core.Contract;
using SftpJail.Core.Values;

namespace SftpJail.Executor.Audit;

/// <summary>
/// What an apply would change in who can log in to the host as an administrator, compared with the last applied state:
/// admins and their keys, the hardening profile, a newly opened enrolment window, an admin's password. Empty when the
/// request leaves host access as it is (every site-only change).
/// </summary>
internal sealed record HostAccessChange(IReadOnlyList<string> Summary, string Canonical, IReadOnlyList<PasswordChange> AdminPasswords)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool Any => Summary.Count > 0;

    public static HostAccessChange Between(DesiredStateDto? previous, DesiredStateDto requested, IReadOnlyList<PasswordChange> passwords, DateTimeOffset now)
    {
        var merged = requested.WithUnsetHostAccessFrom(previous);
        var summary = new List<string>();
        var before = Admins(previous?.Admins);
        var after = Admins(merged.Admins);
        foreach (var (name, keys) in after.Where(a => !before.ContainsKey(a.Key)))
        {
            summary.Add($"add admin {name}" + (keys.Count == 0 ? " (no key)" : $" with key(s) {string.Join(", ", keys)}"));
        }

        foreach (var name in before.Keys.Where(n => !after.ContainsKey(n)))
        {
            summary.Add($"remove admin {name}");
        }

        foreach (var (name, keys) in after.Where(a => before.ContainsKey(a.Key)))
        {
            var old = before[name];
            summary.AddRange(keys.Except(old).Select(k => $"admin {name}: add key {k}"));
            summary.AddRange(old.Except(keys).Select(k => $"admin {name}: remove key {k}"));
        }

        var oldHardening = Normalise(previous?.Hardening);
        var newHardening = Normalise(merged.Hardening);
        if (oldHardening != newHardening)
        {
            summary.Add($"hardening: {Describe(oldHardening)} -> {Describe(newHardening)}");
        }

        var window = merged.Enrolment is { } w && w.ExpiresAtUtc > now ? w : null;
        if (window is not null && window != previous?.Enrolment)
        {
            summary.Add($"open a password enrolment window for {window.Admin} until {window.ExpiresAtUtc.UtcDateTime:yyyy-MM-dd HH:mm}Z");
        }

        var adminNames = after.Keys.Concat(before.Keys).ToHashSet(StringComparer.Ordinal);
        var adminPasswords = passwords.Where(p => adminNames.Contains(p.UserName)).OrderBy(p => p.UserName, StringComparer.Ordinal).ToList();
        summary.AddRange(adminPasswords.Select(p => $"set the password of admin {p.UserName}"));

        // The window's admin, not its end: the panel computes the end afresh each time the same change is submitted.
        var canonical = JsonSerializer.Serialize(new
        {
            admins = after.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new { name = a.Key, keys = a.Value.Order(StringComparer.Ordinal) }),
            hardening = newHardening,
            enrolment = window?.Admin,
            passwords = adminPasswords.Select(p => p.UserName),
        }, Json);
        return new HostAccessChange(summary, canonical, adminPasswords);
    }

    /// <summary>
    /// Binds an approval to exactly this change, passwords included: each admin password enters only as an HMAC with the
    /// executor's key, so the digest (kept in the root-only state directory) does not reveal it.
    /// </summary>
    public string Digest(ExecutorKey key)
    {
        var text = new StringBuilder(Canonical);
        foreach (var password in AdminPasswords)
        {
            text.Append('\n').Append(password.UserName).Append(' ').Append(key.Mac("sftpjail-approval-password-v1", password.UserName, password.Password));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Admin name → its keys as "SHA256:… (algorithm)"; a key the executor cannot parse is named by a hash of its text.</summary>
    private static Dictionary<string, List<string>> Admins(IReadOnlyList<AdminDto>? admins)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var admin in admins ?? [])
        {
            var keys = new List<string>();
            foreach (var text in admin.Keys ?? [])
            {
                try
                {
                    keys.AddRange(SshPublicKey.ParseMany(text).Select(k => $"{k.Fingerprint} ({k.Algorithm})"));
                }
                catch (InputRejectedException)
                {
                    keys.Add("unreadable key " + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16]);
                }
            }

            result[admin.Name] = keys.Distinct(StringComparer.Ordinal).ToList();
        }

        return result;
    }

    private static HardeningDto Normalise(HardeningDto? hardening) => hardening is { Enabled: true } ? hardening : HardeningDto.Off;

    private static string Describe(HardeningDto hardening) =>
        hardening.Enabled
            ? $"on (root login {(hardening.DenyRootLogin ? "denied" : "allowed")}, password login {(hardening.DenyPasswordLogin ? "denied" : "allowed")}, crypto {hardening.CryptoPolicy}, MaxAuthTries {hardening.MaxAuthTries})"
            : "off";
}
