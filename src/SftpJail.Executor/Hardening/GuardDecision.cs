namespace SftpJail.Executor.Hardening;

/// <summary>The lock-out guard's answer. <see cref="Refusal"/> is written for the person who pressed "apply".</summary>
public sealed record GuardDecision(bool Allowed, string? Refusal, string? Evidence)
{
    public static GuardDecision NotNeeded { get; } = new(true, null, "the profile keeps password and root login as they are");

    public static GuardDecision DedicatedSftpOnly { get; } = new(true, null, "the profile applies to the dedicated SFTP-only sshd, which admits no admin; the host's own sshd is unchanged");

    public static GuardDecision Refuse(string reason) => new(false, reason, null);

    public static GuardDecision Proven(string evidence) => new(true, null, evidence);
}

/// <summary>Why one admin's key login could not be shown to work.</summary>
public sealed record AdminKeyProblem(string Admin, string Reason)
{
    public override string ToString() => $"{Admin}: {Reason}";
}
