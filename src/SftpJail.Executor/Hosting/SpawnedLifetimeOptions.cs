namespace SftpJail.Executor.Hosting;

/// <summary>
/// "Executor" settings for a daemon whose lifetime belongs to the process that started it (the panel's demo, Spawn
/// mode). An installed daemon leaves both off: systemd owns its lifetime and that of the sshd it runs.
/// </summary>
public sealed class SpawnedLifetimeOptions
{
    public const string Section = "Executor";

    /// <summary>Stop the dedicated sshd and web server when the daemon stops.</summary>
    public bool StopDaemonsOnExit { get; set; }

    /// <summary>Stop (as on SIGTERM) once this process is no longer the daemon's parent: the panel was killed or crashed.</summary>
    public int? ParentPid { get; set; }
}
