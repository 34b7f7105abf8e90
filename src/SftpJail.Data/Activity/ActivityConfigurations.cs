using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SftpJail.Data.Entities;
using SftpJail.Data.Storage;

namespace SftpJail.Data.Activity;

internal sealed class ActivityLoginConfiguration : IEntityTypeConfiguration<ActivityLogin>
{
    public void Configure(EntityTypeBuilder<ActivityLogin> b)
    {
        b.ToTable("ActivityLogins");
        b.Property(l => l.UserName).HasMaxLength(32);
        b.Property(l => l.Method).HasMaxLength(32);
        b.Property(l => l.Address).HasMaxLength(64);
        b.Property(l => l.At).HasConversion<UtcTicksConverter>();
        b.HasIndex(l => new { l.SiteId, l.At });
        b.HasIndex(l => new { l.UserName, l.At });
        b.HasOne<Site>().WithMany().HasForeignKey(l => l.SiteId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ActivitySessionConfiguration : IEntityTypeConfiguration<ActivitySession>
{
    public void Configure(EntityTypeBuilder<ActivitySession> b)
    {
        b.ToTable("ActivitySessions");
        b.Property(s => s.UserName).HasMaxLength(32);
        b.Property(s => s.Address).HasMaxLength(64);
        b.Property(s => s.OpenedAt).HasConversion<UtcTicksConverter>();
        b.Property(s => s.ClosedAt).HasConversion<UtcTicksConverter>();
        b.HasIndex(s => new { s.SiteId, s.ClosedAt });
        b.HasIndex(s => new { s.Pid, s.ClosedAt });
        b.HasOne<Site>().WithMany().HasForeignKey(s => s.SiteId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ActivityTransferConfiguration : IEntityTypeConfiguration<ActivityTransfer>
{
    public void Configure(EntityTypeBuilder<ActivityTransfer> b)
    {
        b.ToTable("ActivityTransfers");
        b.Property(t => t.UserName).HasMaxLength(32);
        b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Path).HasMaxLength(4096);
        b.Property(t => t.NewPath).HasMaxLength(4096);
        b.Property(t => t.At).HasConversion<UtcTicksConverter>();
        b.HasIndex(t => new { t.SiteId, t.At });
        b.HasIndex(t => new { t.SiteId, t.UserName, t.At });
        b.HasOne<Site>().WithMany().HasForeignKey(t => t.SiteId).OnDelete(DeleteBehavior.Cascade);
    }
}
