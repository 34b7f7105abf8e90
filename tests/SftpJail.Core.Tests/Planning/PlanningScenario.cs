using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Planning;

/// <summary>
/// A random host layout, a host that already ran one desired state and then drifted, and the next desired state.
/// Built from one seed so a failing case can be replayed; paths come from small pools so roles often collide.
/// </summary>
internal sealed record PlanningScenario(
    int Seed,
    HostProfileOptions Options,
    HostProfile Profile,
    IReadOnlyList<string> AdminDirectories,
    IReadOnlyList<string> ExistingGroups,
    DesiredState Before,
    DesiredState After,
    IReadOnlyList<LinuxUserName> Passwords,
    string? ForeignAccount)
{
    private static readonly string[] Bases = ["/srv/sj", "/var/lib/sj", "/opt/a/b"];
    private static readonly string[] Domains = ["a.example", "b.example", "shop.test", "xn--bcher-kva.example", "c.d.example", "z.example"];
    private static readonly string[] UserNames = ["u1", "u2", "u3", "u4", "u5", "alice", "bob", "carol", "dave"];
    private static readonly string[] AdminNames = ["adm1", "adm2", "ops"];
    private static readonly SshPublicKey[] Keys = Enumerable.Range(1, 12).Select(i => TestKeys.Ed25519(i, $"key{i}")).ToArray();

    public static IReadOnlyList<string> UserPool => UserNames;

    public static PlanningScenario FromSeed(int seed)
    {
        var random = new Random(seed);
        var b = Pick(random, Bases);
        var options = new HostProfileOptions
        {
            SshdMode = random.Next(2) == 0 ? "System" : "Dedicated",
            JailGroup = "sftpjail",
            JailRoot = Pick(random, [$"{b}/www", $"{b}/sites/all", "/srv/www", $"{b}/www", b]),
            AuthorizedKeysDir = Pick(random, [$"{b}/keys/ak", $"{b}/etc/keys", "/etc/sftpjail/authorized_keys", $"{b}/etc/keys", $"{b}/ak", $"{b}/www/keys"]),
            StateDir = Pick(random, [$"{b}/state", "/var/lib/sftpjail", $"{b}/state", $"{b}/s/t", b]),
            SshdDropInPath = Pick(random, [null, null, $"{b}/sshd/50-sftpjail.conf", $"{b}/50-sftpjail.conf"]),
        };
        var admin = new List<string> { "/srv", "/var", "/var/lib", "/etc", "/etc/ssh", "/etc/ssh/sshd_config.d", "/opt", "/home" };
        if (random.Next(5) > 0)
        {
            admin.Add("/opt/a");
            if (random.Next(5) > 0)
            {
                admin.Add(b);
            }
        }

        List<string> existingGroups = random.Next(4) == 0 ? ["www-data", "sudo", "sftpjail"] : ["www-data", "sudo"];
        var after = State(random);
        var passwords = after.AllUsers.Select(p => p.User.Name).Where(_ => random.Next(3) == 0).ToList();
        var foreign = random.Next(10) == 0 ? Pick(random, UserNames) : null;
        return new PlanningScenario(seed, options, RawProfile(options), admin, existingGroups, State(random), after, passwords, foreign);
    }

    /// <summary>The profile the options describe, without the start-up check (as a profile built in code would be).</summary>
    private static HostProfile RawProfile(HostProfileOptions options)
    {
        var dedicated = options.SshdMode == "Dedicated";
        var state = AbsolutePath.Parse(options.StateDir);
        var valid = new HostProfileOptions { SshdMode = options.SshdMode, JailGroup = options.JailGroup }.ToProfile();
        return valid with
        {
            SshdVersion = new SshdVersion(9, 2),
            JailRoot = AbsolutePath.Parse(options.JailRoot),
            AuthorizedKeysDir = AbsolutePath.Parse(options.AuthorizedKeysDir),
            StateDir = state,
            SshdMainConfigPath = dedicated ? state.Combine("sshd").Combine("sshd_config") : valid.SshdMainConfigPath,
            SshdDropInPath = options.SshdDropInPath is { } dropIn ? AbsolutePath.Parse(dropIn)
                : dedicated ? state.Combine("sshd").Combine("sshd_config.d").Combine("50-sftpjail.conf") : valid.SshdDropInPath,
        };
    }

    private static DesiredState State(Random random)
    {
        var names = new Queue<string>(UserNames.OrderBy(_ => random.Next()));
        var sites = Domains.Where(_ => random.Next(2) == 0).Select(domain =>
        {
            var users = Enumerable.Range(0, random.Next(4)).Where(_ => names.Count > 0).Select(_ => new JailUserSpec(
                LinuxUserName.Parse(names.Dequeue()),
                ReadOnly: random.Next(4) == 0,
                KeyOnly: random.Next(4) == 0,
                Disabled: random.Next(5) == 0,
                KeysFrom(random))).ToList();
            return new SiteSpec(SiteDomain.Parse(domain), random.Next(6) > 0, users);
        }).ToList();
        var admins = AdminNames.Where(_ => random.Next(3) == 0).Select(name => new AdminAccountSpec(LinuxUserName.Parse(name), KeysFrom(random))).ToList();
        return new DesiredState(sites) { Admins = admins };
    }

    private static List<SshPublicKey> KeysFrom(Random random) => Keys.OrderBy(_ => random.Next()).Take(random.Next(3)).ToList();

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    /// <summary>What a person or a crash does between applies: modes, owners, groups and ACLs, file contents, accounts, stale key files.</summary>
    public void Drift(HostModel host, HostTarget target)
    {
        var random = new Random(Seed ^ 0x5eed);
        if (ForeignAccount is { } foreign && !host.Users.ContainsKey(foreign))
        {
            // An account someone made by hand: SftpJail must refuse to take it over.
            host.AddForeignUser(new ObservedUser(foreign, $"/home/{foreign}", "/bin/bash", [foreign], false));
        }

        foreach (var dir in target.BaseDirectories.Concat(target.SiteDirectories).Where(_ => random.Next(6) == 0))
        {
            switch (random.Next(3))
            {
                case 0:
                    host.ChangeMode(dir.Path.Value, 0b111_111_111);
                    break;
                case 1:
                    host.ChangeOwner(dir.Path.Value, "nobody");
                    break;
                default:
                    // An html/ as SftpJail laid it out before site groups (or a hand-made chgrp and setfacl -b).
                    host.MakeLegacy(dir.Path.Value, "www-data");
                    break;
            }
        }

        foreach (var file in target.Files.Where(_ => random.Next(6) == 0))
        {
            if (random.Next(2) == 0)
            {
                host.EditFile(file.Path.Value, "edited by hand\n");
            }
            else
            {
                host.DeleteFile(file.Path.Value);
            }
        }

        foreach (var name in UserNames.Concat(AdminNames).Where(_ => random.Next(5) == 0))
        {
            host.PutFile(Profile.AuthorizedKeysFileFor(LinuxUserName.Parse(name)).Value, "ssh-ed25519 AAAA stale\n");
        }

        foreach (var name in host.Users.Keys.Where(_ => random.Next(8) == 0).ToList())
        {
            switch (random.Next(4))
            {
                case 0:
                    host.DeleteUser(name);
                    break;
                case 1:
                    host.ChangeUser(name, u => u with { Shell = "/bin/bash" });
                    break;
                case 2:
                    host.ChangeUser(name, u => u with { Expired = !u.Expired });
                    break;
                default:
                    host.ChangeUser(name, u => u with { Groups = [.. u.Groups.Skip(1)] });
                    break;
            }
        }
    }

    public override string ToString() =>
        $"seed {Seed}: {Options.SshdMode} jail={Options.JailRoot} keys={Options.AuthorizedKeysDir} state={Options.StateDir} dropIn={Options.SshdDropInPath ?? "default"} " +
        $"admin dirs={string.Join(',', AdminDirectories)}; before={Describe(Before)}; after={Describe(After)}";

    private static string Describe(DesiredState state) =>
        string.Join(' ', state.Sites.Select(s => $"{s.Domain}{(s.Enabled ? "" : "(off)")}[{string.Join(',', s.Users.Select(u => $"{u.Name}:{u.Keys.Count}"))}]"))
        + $" admins[{string.Join(',', state.Admins.Select(a => $"{a.Name}:{a.Keys.Count}"))}]";
}
