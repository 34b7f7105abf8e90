namespace SftpJail.Web.Tests.Fixtures;

public sealed record TestAccount(string Id, string Email, string Password, string Role);

public sealed record TestSite(int Id, string Domain, string UserName, TestAccount? Customer);
