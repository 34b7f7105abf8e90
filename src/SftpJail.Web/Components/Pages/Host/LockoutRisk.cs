using SftpJail.Core.Contract;
using SftpJail.Data.HostAccess;

namespace SftpJail.Web.Components.Pages.Host;

/// <summary>
/// What a lock-out-risky change on the SSH access page will do, in words for its confirmation dialog: which admin loses
/// which way in, worked out from the admins and keys the page shows.
/// </summary>
public static class LockoutRisk
{
    public static string RemoveKey(HostAccessView view, string admin, string fingerprint)
    {
        var keys = view.Admins.FirstOrDefault(a => a.Name == admin)?.Keys ?? [];
        var text = $"Key {fingerprint} is taken out of {admin}'s authorized_keys on the host at once; an SSH client that offers it is refused.";
        if (keys.Count > 1)
        {
            return text + $" {admin} keeps {keys.Count - 1} other key(s).";
        }

        text += $" It is {admin}'s only key: {admin} can then log in " + (PasswordLoginDenied(view.Hardening)
            ? "no longer at all, because the hardening profile turns password login off for admins."
            : "with a password only, and not at all once password login is turned off.");
        if (!view.Admins.Any(a => a.Name != admin && a.Keys.Count > 0))
        {
            text += " No other admin has a key: nobody could log in with a key to repair the host.";
        }

        return text;
    }

    public static string RemoveAdmin(HostAccessView view, string admin)
    {
        var keys = view.Admins.FirstOrDefault(a => a.Name == admin)?.Keys.Count ?? 0;
        var text = $"The system account {admin} is removed from the host with its {keys} managed key(s); its home directory is kept. {admin} can no longer log in over SSH.";
        if (view.Enrolment?.Admin == admin)
        {
            text += " Its enrolment window is closed too.";
        }

        if (!view.Admins.Any(a => a.Name != admin && a.Keys.Count > 0))
        {
            text += " No other admin has a key: nobody could log in with a key to repair the host.";
        }

        return text;
    }

    /// <summary>Null when the change takes no way in away (the profile already denied it, or the new one keeps it).</summary>
    public static string? TurnPasswordLoginOff(HostAccessView view, bool denyPassword, bool denyRoot)
    {
        var newlyDenied = new List<string>();
        if (denyPassword && !PasswordLoginDenied(view.Hardening))
        {
            newlyDenied.Add("password login for everyone but jailed SFTP users");
        }

        if (denyRoot && !(view.Hardening.Enabled && view.Hardening.DenyRootLogin))
        {
            newlyDenied.Add("root login");
        }

        if (newlyDenied.Count == 0)
        {
            return null;
        }

        var keyless = view.Admins.Where(a => a.Keys.Count == 0).Select(a => a.Name).ToList();
        var text = $"sshd is reloaded with {string.Join(" and ", newlyDenied)} turned off.";
        if (denyPassword)
        {
            text += keyless.Count == 0
                ? " Every admin has a key and keeps logging in with it."
                : $" Admins without a key can then no longer log in: {string.Join(", ", keyless)}.";
        }

        return text + " The executor refuses the change unless at least one admin key is proven to work, so the host cannot be locked out entirely.";
    }

    public static string CloseEnrolment(EnrolmentDto window, int waitingKeys, int managedKeys) =>
        $"{window.Admin} can no longer log in with a password (to run ssh-copy-id) once the window is closed: sshd is reloaded without it now, not at "
        + $"{window.ExpiresAtUtc.UtcDateTime:HH:mm} UTC. {window.Admin} has {managedKeys} managed key(s)"
        + (waitingKeys > 0 ? $"; {waitingKeys} arrived key(s) are not approved yet and stay unapproved." : ".");

    private static bool PasswordLoginDenied(HardeningDto hardening) => hardening.Enabled && hardening.DenyPasswordLogin;
}
