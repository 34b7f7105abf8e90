namespace SftpJail.Data.Entities;

/// <summary>
/// One named piece of host-wide desired state kept as JSON: the admin accounts with their keys ("admins"), the SSH
/// hardening profile ("hardening") and the enrolment window ("enrolment"). Few rows, always read whole.
/// </summary>
public sealed class HostSetting
{
    public const string Admins = "admins";
    public const string Hardening = "hardening";
    public const string Enrolment = "enrolment";

    public required string Name { get; set; }

    public required string Json { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
