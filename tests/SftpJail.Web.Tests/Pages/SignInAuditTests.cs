using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>Panel sign-ins, their failures and lockouts, and customer logins made on the site page are in the audit trail.</summary>
public sealed class SignInAuditTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task A_sign_in_is_audited()
    {
        var staff = await panel.CreateStaffAsync();

        using var browser = await panel.LoginAsAsync(staff);

        Assert.Contains(await panel.AuditEntriesAsync(), e => e.Action == "account.login" && e.Target == $"account:{staff.Email}" && e.Actor == $"panel:{staff.Email}");
    }

    [Fact]
    public async Task Failed_sign_ins_and_the_lockout_are_audited_without_the_passwords()
    {
        var staff = await panel.CreateStaffAsync();
        using var browser = panel.Anonymous();
        var typed = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var password = $"typed-secret-{Guid.NewGuid():N}";
            typed.Add(password);
            await browser.SubmitAsync("/Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = staff.Email, ["Input.Password"] = password });
        }

        var unknownPassword = $"typed-secret-{Guid.NewGuid():N}";
        typed.Add(unknownPassword);
        await browser.SubmitAsync("/Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = "nobody-here@example.test", ["Input.Password"] = unknownPassword });

        var audit = await panel.FullAuditAsync();
        Assert.Equal(4, audit.Count(e => e.Action == "account.login.fail" && e.Target == $"account:{staff.Email}"));
        Assert.Single(audit, e => e.Action == "account.lockout" && e.Target == $"account:{staff.Email}");
        Assert.Contains(audit, e => e.Action == "account.login.fail" && e.Target == "account:unknown");
        foreach (var entry in audit)
        {
            var all = string.Join("\n", entry.Actor, entry.Action, entry.Target, entry.Before, entry.After, entry.Error, entry.Detail);
            Assert.DoesNotContain(typed, all.Contains);
        }
    }

    [Fact]
    public async Task A_wrong_authenticator_code_and_a_wrong_recovery_code_are_audited()
    {
        var staff = await panel.CreateStaffAsync();
        var (key, _) = await panel.EnableTwoFactorAsync(staff);
        using var browser = panel.Anonymous();
        var path = await SignInHardeningTests.PasswordStepAsync(browser, staff);
        var wrongCode = Totp.Code(key) == "123456" ? "654321" : "123456";

        await browser.SubmitAsync(path, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = wrongCode });
        await browser.SubmitAsync("/Account/LoginWithRecoveryCode", "login-recovery", new Dictionary<string, string> { ["Input.RecoveryCode"] = "NOT-A-CODE" });

        var failures = (await panel.FullAuditAsync()).Where(e => e.Action == "account.2fa.fail" && e.Target == $"account:{staff.Email}").ToList();
        Assert.Equal(2, failures.Count);
        Assert.DoesNotContain(failures, e => (e.Detail ?? "").Contains(wrongCode, StringComparison.Ordinal) || (e.Detail ?? "").Contains("NOT-A-CODE", StringComparison.Ordinal));
    }
}
