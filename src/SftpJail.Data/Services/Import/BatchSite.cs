namespace SftpJail.Data.Services.Import;

/// <summary>One site of a batch: its first user owns it.</summary>
/// <param name="CustomerAccountId">The panel account that may open its connection page, or null.</param>
public sealed record BatchSite(string Domain, string? CustomerAccountId, IReadOnlyList<BatchUser> Users);

/// <param name="Label">How a refusal names the row ("line 7").</param>
public sealed record BatchUser(string Label, string UserName, string? Password, IReadOnlyList<string> Keys, bool ReadOnly, bool KeyOnly)
{
    public override string ToString() => $"BatchUser {{ {Label}, {UserName}, Password = {(Password is null ? "null" : "***")} }}";
}
