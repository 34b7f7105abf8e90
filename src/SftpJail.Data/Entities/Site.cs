using SftpJail.Data.Identity;
using SftpJail.Data.Services;

namespace SftpJail.Data.Entities;

/// <summary>A hosted site: one chroot and web root on the host, reached by its SFTP accounts.</summary>
public sealed class Site
{
    public int Id { get; set; }

    /// <summary>The <see cref="Core.Values.SiteDomain"/> ASCII form, lower case.</summary>
    public required string Domain { get; set; }

    public bool Enabled { get; set; } = true;

    public SiteStatus Status { get; set; } = SiteStatus.Pending;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastAppliedAt { get; set; }

    public string? LastError { get; set; }

    public string? CustomerAccountId { get; set; }

    /// <summary>The most the site's <c>html/</c> may hold, in MiB (<see cref="Core.Values.DiskLimit"/>); null: no limit.</summary>
    public long? DiskLimitMiB { get; set; }

    /// <summary>
    /// What the executor last reported the site's <c>html/</c> holds (<see cref="Services.SiteDiskUsageRecorder"/>), kept
    /// so the sites grid can sort by usage in SQL; null: not measured (the executor measures limited sites only).
    /// </summary>
    public long? DiskUsedBytes { get; set; }

    /// <summary>When the executor took that measurement.</summary>
    public DateTimeOffset? DiskMeasuredAt { get; set; }

    public PanelUser? CustomerAccount { get; set; }

    /// <summary>The account with the lowest id owns the site's <c>html/</c>.</summary>
    public List<SftpAccount> Users { get; } = [];
}
