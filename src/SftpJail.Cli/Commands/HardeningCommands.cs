using SftpJail.Cli.Parsing;
using SftpJail.Core.Contract;
using SftpJail.Core.Model.Hardening;
using SftpJail.Executor;
using SftpJail.Executor.Hardening;

namespace SftpJail.Cli.Commands;

internal static class HardeningCommands
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("hardening show", "hardening show [--json]", "Show the SSH hardening profile, the effective sshd settings and recent failed logins.", true, Show),
        new("hardening apply",
            "hardening apply [--crypto hardened|defaults] [--keep-passwords] [--keep-root-login] [--max-auth-tries N] [--login-grace-time S] [--max-startups A:B:C] [--off]",
            "Apply the SSH lock-down (refused unless an admin key login is proven to work).", true, Apply),
        new("enrol open", "enrol open NAME --minutes N [--password-stdin]", "Let one admin log in with a password for N minutes (max 60) to run ssh-copy-id.", true, Enrol),
    ];

    private static Invocation Apply(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("hardening apply", args, ["--keep-passwords", "--keep-root-login", "--off"], ["--crypto", "--max-auth-tries", "--login-grace-time", "--max-startups"]);
        a.Positionals();
        var defaults = HardeningDto.Recommended;
        var hardening = a.Has("--off") ? HardeningDto.Off : defaults with
        {
            DenyPasswordLogin = !a.Has("--keep-passwords"),
            DenyRootLogin = !a.Has("--keep-root-login"),
            MaxAuthTries = a.WholeNumber("--max-auth-tries", 1, 10) ?? defaults.MaxAuthTries,
            LoginGraceSeconds = a.WholeNumber("--login-grace-time", 10, 600) ?? defaults.LoginGraceSeconds,
            MaxStartups = a.Value("--max-startups") ?? defaults.MaxStartups,
            CryptoPolicy = a.Value("--crypto") ?? defaults.CryptoPolicy,
        };
        // Parsed here too, so a bad value is a usage error (exit 2) before anything is saved or sent.
        _ = HostAccessParser.ParseHardening(hardening);
        return async (c, ct) => await c.ReportAsync(await c.HostAccess.ApplyHardeningAsync(hardening, c.Actor, ct), a.Has("--off") ? "removed the hardening profile" : "applied the hardening profile");
    }

    private static Invocation Enrol(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("enrol open", args, ["--password-stdin"], ["--minutes"]);
        var name = a.Positionals("name")[0];
        var minutes = a.WholeNumber("--minutes", 1, 60) ?? throw new UsageException("'enrol open' needs --minutes N (1-60).");
        var password = a.Has("--password-stdin") ? CliInput.ReadPassword(stdin) : null;
        return async (c, ct) =>
        {
            var result = await c.HostAccess.OpenEnrolmentAsync(name, TimeSpan.FromMinutes(minutes), password, c.Actor, ct);
            var code = await c.ReportAsync(result, $"enrolment window open for {name} for {minutes} minute(s): run ssh-copy-id now, then approve the key with 'sftpjail admin key add'");
            if (result.Succeeded && c.Executor is ExecutorEngine)
            {
                // In-process there is no long-running executor here to close the window: the daemon's timer does, if it runs.
                await c.Out.WriteLineAsync("note: the window is closed by the executor daemon's timer (sftpjail-executor); without it, run 'sftpjail apply' after it expires.");
            }

            return code;
        };
    }

    private static Invocation Show(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("hardening show", args, ["--json"]);
        a.Positionals();
        return async (c, ct) =>
        {
            var view = await c.HostAccess.GetAsync(ct);
            var engine = c.Executor as ExecutorEngine;
            var version = engine is null ? null : await engine.SshdVersionAsync(ct);
            var effective = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            LoginReport? logins = null;
            if (engine is not null)
            {
                foreach (var user in view.Admins.Select(x => x.Name).Prepend("root"))
                {
                    effective[user] = Pick(await engine.EffectiveSettingsAsync(user, ct));
                }

                logins = await engine.RecentLoginsAsync(DateTimeOffset.UtcNow.AddDays(-1), ct);
            }

            if (a.Has("--json"))
            {
                await c.WriteJsonAsync(new { profile = view.Hardening, enrolment = view.Enrolment, sshdVersion = version?.ToString(), effective, logins });
                return ExitCodes.Ok;
            }

            var h = view.Hardening;
            await c.Out.WriteLineAsync(h.Enabled
                ? $"profile:   on; password login {(h.DenyPasswordLogin ? "off (jail keeps it)" : "kept")}, root login {(h.DenyRootLogin ? "off" : "kept")}, crypto {h.CryptoPolicy}, MaxAuthTries {h.MaxAuthTries}, LoginGraceTime {h.LoginGraceSeconds}, MaxStartups {h.MaxStartups}"
                : "profile:   off");
            if (view.Enrolment is { } window)
            {
                await c.Out.WriteLineAsync($"enrolment: {window.Admin} until {window.ExpiresAtUtc:u}{(window.ExpiresAtUtc <= DateTimeOffset.UtcNow ? " (closed)" : string.Empty)}");
            }

            if (engine is null)
            {
                await c.Out.WriteLineAsync("effective settings and failed logins: run as root with Executor:Mode=InProcess.");
                return ExitCodes.Ok;
            }

            await c.Out.WriteLineAsync($"sshd:      {version}; {(version!.AtLeast(SshdVersion.PerSourcePenalties) ? "PerSourcePenalties is on" : "no PerSourcePenalties before 9.8: consider the nftables rate limit below")}");
            foreach (var (user, settings) in effective)
            {
                await c.Out.WriteLineAsync($"  {user}: {string.Join(", ", settings.Select(kv => $"{kv.Key} {kv.Value}"))}");
            }

            if (!logins!.SourceFound)
            {
                await c.Out.WriteLineAsync("failed logins in the last 24 h: unknown (no sshd log source: no journal and no readable auth.log)");
            }
            else
            {
                await c.Out.WriteLineAsync($"failed logins in the last 24 h ({logins.Source}): {(logins.Failures.Count == 0 ? "none" : string.Empty)}");
            }

            foreach (var failure in logins.Failures.Take(20))
            {
                await c.Out.WriteLineAsync($"  {failure.Attempts,5}  {failure.User}{(failure.UnknownUser ? " (unknown)" : string.Empty)} from {failure.Address}, last {failure.LastSeenUtc:u}");
            }

            if (!version.AtLeast(SshdVersion.PerSourcePenalties))
            {
                await c.Out.WriteAsync(NftablesRateLimit.Render(engine.Profile.Listen.Port));
            }

            return ExitCodes.Ok;
        };
    }

    private static Dictionary<string, string> Pick(IReadOnlyDictionary<string, string> settings) =>
        new[] { "permitrootlogin", "passwordauthentication", "pubkeyauthentication", "authorizedkeysfile", "allowgroups", "maxauthtries", "ciphers" }
            .Where(settings.ContainsKey)
            .ToDictionary(k => k, k => settings[k], StringComparer.Ordinal);
}
