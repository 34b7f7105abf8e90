namespace SftpJail.Core.Planning;

public enum PlanStepKind
{
    CreateGroup,
    CreateUser,
    UpdateUser,
    RemoveUser,
    SetPassword,
    CreateDirectory,
    FixDirectory,
    ArchiveDirectory,
    WriteFile,
    RemoveFile,
    ReloadService,
    RemoveGroup,
}

/// <summary>One change to the host. <see cref="Diff"/> is a unified diff for files, null otherwise.</summary>
public sealed record PlanStep(PlanStepKind Kind, string Target, string Summary, string? Diff = null)
{
    public override string ToString() => $"{Kind} {Target}: {Summary}";
}
