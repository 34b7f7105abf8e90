using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SftpJail.Data.Audit;
using SftpJail.Data.Entities;
using SftpJail.Data.Identity;

namespace SftpJail.Data.Storage;

internal sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> b)
    {
        b.ToTable("Sites");
        b.Property(s => s.Domain).HasMaxLength(253);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.LastError).HasMaxLength(2000);
        b.Property(s => s.CreatedAt).HasConversion<UtcTicksConverter>();
        b.Property(s => s.LastAppliedAt).HasConversion<UtcTicksConverter>();
        b.Property(s => s.DiskMeasuredAt).HasConversion<UtcTicksConverter>();
        b.HasIndex(s => s.Domain).IsUnique();
        b.HasIndex(s => s.DiskUsedBytes);
        b.HasIndex(s => s.CreatedAt);
        b.HasIndex(s => s.Status);
        b.HasOne(s => s.CustomerAccount).WithMany().HasForeignKey(s => s.CustomerAccountId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(s => s.Users).WithOne(u => u.Site).HasForeignKey(u => u.SiteId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SftpAccountConfiguration : IEntityTypeConfiguration<SftpAccount>
{
    public void Configure(EntityTypeBuilder<SftpAccount> b)
    {
        b.ToTable("SftpAccounts");
        b.Property(u => u.UserName).HasMaxLength(32);
        b.Property(u => u.CreatedAt).HasConversion<UtcTicksConverter>();
        b.HasIndex(u => u.UserName).IsUnique();
        b.HasMany(u => u.Keys).WithOne(k => k.Account).HasForeignKey(k => k.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuthorizedKeyConfiguration : IEntityTypeConfiguration<AuthorizedKey>
{
    public void Configure(EntityTypeBuilder<AuthorizedKey> b)
    {
        b.ToTable("AuthorizedKeys");
        b.Property(k => k.Algorithm).HasMaxLength(64);
        b.Property(k => k.Fingerprint).HasMaxLength(64);
        b.Property(k => k.Comment).HasMaxLength(100);
        b.Property(k => k.Line).HasMaxLength(16384);
        b.Property(k => k.AddedAt).HasConversion<UtcTicksConverter>();
        b.HasIndex(k => new { k.AccountId, k.Fingerprint }).IsUnique();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.Property(a => a.At).HasConversion<UtcTicksConverter>();
        b.Property(a => a.Actor).HasMaxLength(320);
        b.Property(a => a.Action).HasMaxLength(64);
        b.Property(a => a.Target).HasMaxLength(300);
        b.Property(a => a.Result).HasMaxLength(16);
        b.Property(a => a.PreviousHash).HasMaxLength(64);
        b.Property(a => a.Hash).HasMaxLength(64);
        b.HasIndex(a => a.At);
        b.HasIndex(a => a.Actor);
        b.HasIndex(a => a.Action);
        b.HasIndex(a => a.Target);
    }
}

internal sealed class PanelUserConfiguration : IEntityTypeConfiguration<PanelUser>
{
    public void Configure(EntityTypeBuilder<PanelUser> b) => b.Property(u => u.DisplayName).HasMaxLength(256);
}
