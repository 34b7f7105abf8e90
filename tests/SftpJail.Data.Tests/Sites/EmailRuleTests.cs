using SftpJail.Data.Services;

namespace SftpJail.Data.Tests.Sites;

/// <summary>The one e-mail check that the add-customer form, the site page, accounts and import share.</summary>
public sealed class EmailRuleTests
{
    [Theory]
    [InlineData("owner@shop1.example.com")]
    [InlineData("first.last+tag@example.org")]
    [InlineData("-ops@example.org")] // Identity takes it, so accounts like it may exist
    [InlineData("+billing@example.org")]
    public void Accepts_an_ordinary_address(string email) => Assert.True(EmailRule.IsValid(email));

    [Theory]
    [InlineData("")]
    [InlineData("no-at-sign.example.com")]
    [InlineData("@example.com")]
    [InlineData("owner@")]
    [InlineData("own er@example.com")]
    [InlineData("owner@exa\tmple.com")]
    [InlineData("owner@example.com\nBcc: x@y")]
    [InlineData("owner\u0007@example.com")]
    [InlineData("o'brien@example.com")] // Identity's user-name rule would refuse it when the login is made
    [InlineData("=HYPERLINK(x)@example.com")]
    public void Rejects_what_is_not_one_address(string email) => Assert.False(EmailRule.IsValid(email));

    [Fact]
    public void Rejects_an_address_longer_than_the_column()
    {
        var local = new string('a', EmailRule.MaxLength - "@example.com".Length);

        Assert.True(EmailRule.IsValid(local + "@example.com"));
        Assert.False(EmailRule.IsValid(local + "a@example.com"));
    }
}
