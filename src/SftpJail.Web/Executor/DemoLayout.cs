using Microsoft.Extensions.Configuration.Memory;
using SftpJail.Core.Values;

namespace SftpJail.Web.Executor;

/// <summary>
/// The local demo keeps everything it makes under one directory (<c>Demo:Root</c>, set by appsettings.Development.json),
/// so a later real install inherits nothing and a reset is one directory plus the users its manifest lists. Each role
/// gets a directory of its own because their modes conflict: the state directory is 0700, while sshd wants every
/// directory above a chroot (and the keys directory) root-owned and 0755.
/// <code>
/// {root}/            0755  the demo root
/// {root}/state/      0700  Host:StateDir: manifest, archive, the dedicated sshd's (and web server's) config and keys
/// {root}/keys/       0755  Host:AuthorizedKeysDir
/// {root}/sites/      0755  Host:JailRoot: the chroots
/// {root}/panel/      0750  the panel's database and data-protection keys (as root; a non-root preview keeps ./sftpjail.db)
/// {root}/run/        0750  the executor's socket
/// </code>
/// The derived values sit below environment variables and the command line, so any one of them can still be set explicitly.
/// </summary>
public static class DemoLayout
{
    public const string RootKey = "Demo:Root";

    /// <summary>The settings a demo root stands for; <paramref name="isRoot"/> decides whether the database lives there too.</summary>
    public static IReadOnlyDictionary<string, string?> SettingsFor(AbsolutePath root, bool isRoot)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host:StateDir"] = root.Combine("state").Value,
            ["Host:AuthorizedKeysDir"] = root.Combine("keys").Value,
            ["Host:JailRoot"] = root.Combine("sites").Value,
            ["Executor:SocketPath"] = root.Combine("run").Combine("executor.sock").Value,
        };
        if (isRoot)
        {
            settings[$"ConnectionStrings:{SftpJail.Data.DataExtensions.ConnectionStringName}"] = $"Data Source={root.Combine("panel").Combine("sftpjail.db").Value}";
            settings[$"{Infrastructure.PanelOptions.Section}:{nameof(Infrastructure.PanelOptions.DataProtectionKeysDir)}"] = root.Combine("panel").Combine("data-protection").Value;
        }

        return settings;
    }

    /// <summary>
    /// When <c>Demo:Root</c> is set, adds the derived settings just above the JSON files. Nothing is created here: the
    /// database makes its directory (missing parents 0755) and the executor the rest, on the first apply.
    /// </summary>
    public static void Apply(IConfigurationManager configuration, bool isRoot)
    {
        var text = configuration[RootKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var root = AbsolutePath.Parse(text, RootKey);
        var sources = configuration.Sources;
        var lastFile = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is FileConfigurationSource)
            {
                lastFile = i;
            }
        }

        sources.Insert(lastFile + 1, new MemoryConfigurationSource { InitialData = SettingsFor(root, isRoot) });
    }
}
