using SftpJail.Core.Contract;

namespace SftpJail.Host.Tests.Model;

/// <summary>
/// One change a member of staff could make in the panel. <see cref="ApplyTo"/> is the model's meaning of it;
/// <see cref="Password"/> is the password the apply must set, if the change sets one. ToString never shows a password.
/// </summary>
public abstract record ModelOperation
{
    public abstract JailModel ApplyTo(JailModel model);

    public virtual PasswordChange? Password => null;
}

public sealed record AddSite(string Domain, ModelUser Owner) : ModelOperation
{
    public override JailModel ApplyTo(JailModel model) => model.WithSite(new ModelSite(Domain, true, [Owner]));

    public override PasswordChange? Password => Owner.Password is { } password ? new(Owner.Name, password) : null;

    public override string ToString() => $"add site {Domain} with owner {UserTraits.Describe(Owner)}";
}

public sealed record AddUser(string Domain, ModelUser User) : ModelOperation
{
    public override JailModel ApplyTo(JailModel model) => model.WithUser(Domain, User);

    public override PasswordChange? Password => User.Password is { } password ? new(User.Name, password) : null;

    public override string ToString() => $"add user {UserTraits.Describe(User)} to {Domain}";
}

public sealed record AddKey(string UserName, int Key) : ModelOperation
{
    public override JailModel ApplyTo(JailModel model) => model.ChangeUser(UserName, u => u with { Keys = u.Keys.Add(Key) });

    public override string ToString() => $"add key k{Key} to {UserName}";
}

public sealed record RemoveKey(string UserName, int Key) : ModelOperation
{
    public override JailModel ApplyTo(JailModel model) => model.ChangeUser(UserName, u => u with { Keys = u.Keys.Remove(Key) });

    public override string ToString() => $"remove key k{Key} from {UserName}";
}

public sealed record SetReadOnly(string UserName, bool ReadOnly) : ModelOperation
{
    public override JailModel ApplyTo(JailModel model) => model.ChangeUser(UserName, u => u with { ReadOnly = ReadOnly });

    public override string ToString() => $"read-only {(ReadOnly ? "on" : "off")} for {UserName}";
}

public sealed record SetKeyOnly(string UserName, bool KeyOnly) : ModelOperation
{
    public override JailModel ApplyTo(JailModel model) => model.ChangeUser(UserName, u => u with { KeyOnly = KeyOnly });

    public override string ToString() => $"key-only {(KeyOnly ? "on" : "off")} for {UserName}";
}

public sealed record SetUserDisabled(string UserName, bool Disabled) : ModelOperation
{
    public override JailModel ApplyTo(JailModel model) => model.ChangeUser(UserName, u => u with { Disabled = Disabled });

    public override string ToString() => $"{(Disabled ? "disable" : "enable")} user {UserName}";
}

public sealed record SetSiteEnabled(string Domain, bool Enabled) : ModelOperation
{
    public override JailModel ApplyTo(JailModel model) => model.ChangeSite(Domain, s => s with { Enabled = Enabled });

    public override string ToString() => $"{(Enabled ? "enable" : "disable")} site {Domain}";
}

public sealed record RemoveUser(string UserName) : ModelOperation
{
    public override JailModel ApplyTo(JailModel model) => model.WithoutUser(UserName);

    public override string ToString() => $"remove user {UserName}";
}

public sealed record RemoveSite(string Domain) : ModelOperation
{
    public override JailModel ApplyTo(JailModel model) => model.WithoutSite(Domain);

    public override string ToString() => $"remove site {Domain}";
}

public sealed record ResetPassword(string UserName, string NewPassword) : ModelOperation
{
    public override JailModel ApplyTo(JailModel model) => model.ChangeUser(UserName, u => u with { Password = NewPassword });

    public override PasswordChange? Password => new(UserName, NewPassword);

    public override string ToString() => $"reset the password of {UserName}";
}

/// <summary>Short, password-free descriptions of a user's configuration for messages.</summary>
public static class UserTraits
{
    public static string Describe(ModelUser user)
    {
        var traits = new List<string> { user.Password is null ? "no password" : "password" };
        traits.Add(user.Keys.IsEmpty ? "no keys" : "keys " + string.Join(',', user.Keys.Select(k => $"k{k}")));
        if (user.KeyOnly)
        {
            traits.Add("key-only");
        }

        if (user.ReadOnly)
        {
            traits.Add("read-only");
        }

        if (user.Disabled)
        {
            traits.Add("disabled");
        }

        return $"{user.Name} ({string.Join(", ", traits)})";
    }
}
