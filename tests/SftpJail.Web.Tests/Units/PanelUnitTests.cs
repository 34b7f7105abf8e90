using System.Xml.Linq;
using SftpJail.Core.Contract;
using SftpJail.Web.Components.Pages.Connect;
using SftpJail.Web.Executor;
using SftpJail.Web.Identity;
using SftpJail.Web.Infrastructure;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Units;

public sealed class PasswordStrengthTests
{
    [Theory]
    [InlineData("Password2024!")]
    [InlineData("P@ssw0rd-P@ssw0rd")]
    [InlineData("qwertyuiop1234")]
    [InlineData("abcdefghijklmn")]
    [InlineData("1234567890123")]
    [InlineData("zzzzzzzzzzzzzz")]
    [InlineData("welcome-admin-2024")]
    [InlineData("short")]
    public void Refuses_the_shapes_breach_lists_are_full_of(string password) =>
        Assert.NotNull(PasswordStrength.Check(password, []));

    [Fact]
    public void Refuses_a_password_containing_the_users_own_name() =>
        Assert.Contains("user name", PasswordStrength.Check("my-acmeshop-sftp-9Kq", ["acmeshop"]), StringComparison.Ordinal);

    [Theory]
    [InlineData("granite-Harbor-lantern-93")]
    [InlineData("correct horse battery staple")]
    [InlineData("t9#Lq2!vWx8zR4m")]
    public void Accepts_long_unpredictable_passwords(string password) =>
        Assert.Null(PasswordStrength.Check(password, ["alice"]));

    [Fact]
    public void Generated_passwords_always_pass_and_differ()
    {
        var generated = Enumerable.Range(0, 200).Select(_ => PasswordGenerator.Generate()).ToList();

        Assert.All(generated, p => Assert.Null(PasswordStrength.Check(p, [])));
        Assert.Equal(generated.Count, generated.Distinct().Count());
    }
}

public sealed class ExecutorModeTests
{
    [Theory]
    [InlineData(null, true, false, ExecutorMode.Preview)]
    [InlineData(null, false, false, ExecutorMode.Preview)]
    [InlineData(null, true, true, ExecutorMode.Spawn)]
    [InlineData(null, false, true, ExecutorMode.Socket)]
    [InlineData(ExecutorMode.Socket, true, false, ExecutorMode.Socket)]
    [InlineData(ExecutorMode.Preview, false, true, ExecutorMode.Preview)]
    public void The_default_mode_follows_privileges_and_environment(ExecutorMode? configured, bool development, bool root, ExecutorMode expected) =>
        Assert.Equal(expected, ExecutorConnection.Resolve(configured, development, root));

    [Fact]
    public async Task Preview_mode_plans_through_the_engine_but_refuses_every_apply()
    {
        var engine = new FakeExecutor();
        var preview = new PreviewExecutorGateway(engine);
        var state = new DesiredStateDto([new SiteDto("a.example.com", true, [new JailUserDto("alice", false, false, false, [])])]);

        var plan = await preview.PlanAsync(state);
        var apply = await preview.ApplyAsync(state, [new PasswordChange("alice", "granite-Harbor-lantern-93")]);
        var info = await preview.GetHostInfoAsync();

        Assert.NotEmpty(plan.Steps);
        Assert.False(apply.Succeeded);
        Assert.Equal("preview mode: nothing is changed on this host", apply.Error);
        Assert.Equal(0, engine.ApplyCount);
        Assert.False(info.CanChangeHost);
    }
}

public sealed class FileZillaExportTests
{
    [Theory]
    [InlineData("site</Name><Pass>x</Pass>.com", "host&<>\"'", "u\"ser")]
    [InlineData("plain.example.com", "sftp.example.net", "alice")]
    public void Every_value_round_trips_through_the_xml_unchanged(string site, string host, string user)
    {
        var xml = FileZillaDownload.Render(site, host, 2222, user);

        var server = XDocument.Parse(xml).Root!.Element("Servers")!.Element("Server")!;
        Assert.Equal(site, server.Element("Name")!.Value);
        Assert.Equal(host, server.Element("Host")!.Value);
        Assert.Equal(user, server.Element("User")!.Value);
        Assert.Equal("2222", server.Element("Port")!.Value);
        Assert.Null(server.Element("Pass"));
    }
}
