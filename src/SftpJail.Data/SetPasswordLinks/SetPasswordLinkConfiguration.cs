using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SftpJail.Data.Storage;

namespace SftpJail.Data.SetPasswordLinks;

internal sealed class SetPasswordLinkConfiguration : IEntityTypeConfiguration<SetPasswordLink>
{
    public void Configure(EntityTypeBuilder<SetPasswordLink> b)
    {
        b.ToTable("SetPasswordLinks");
        b.Property(l => l.TokenHash).HasMaxLength(64);
        b.Property(l => l.CreatedBy).HasMaxLength(320);
        b.Property(l => l.CreatedAt).HasConversion<UtcTicksConverter>();
        b.Property(l => l.ExpiresAt).HasConversion<UtcTicksConverter>();
        b.Property(l => l.UsedAt).HasConversion<UtcTicksConverter>();
        b.Property(l => l.RevokedAt).HasConversion<UtcTicksConverter>();
        b.HasIndex(l => l.TokenHash).IsUnique();
        b.HasIndex(l => l.SftpAccountId);
        b.HasOne(l => l.Account).WithMany().HasForeignKey(l => l.SftpAccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
