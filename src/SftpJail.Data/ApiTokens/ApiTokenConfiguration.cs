using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SftpJail.Data.Storage;

namespace SftpJail.Data.ApiTokens;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("ApiTokens");
        b.Property(t => t.KeyId).HasMaxLength(16);
        b.Property(t => t.SecretHash).HasMaxLength(64);
        b.Property(t => t.Name).HasMaxLength(ApiTokenService.MaxNameLength);
        b.Property(t => t.Scope).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.CreatedBy).HasMaxLength(320);
        b.Property(t => t.CreatedAt).HasConversion<UtcTicksConverter>();
        b.Property(t => t.ExpiresAt).HasConversion<UtcTicksConverter>();
        b.Property(t => t.LastUsedAt).HasConversion<UtcTicksConverter>();
        b.Property(t => t.RevokedAt).HasConversion<UtcTicksConverter>();
        b.HasIndex(t => t.KeyId).IsUnique();
        b.HasIndex(t => t.OwnerId);

        // A deleted owner takes its tokens with it.
        b.HasOne(t => t.Owner).WithMany().HasForeignKey(t => t.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
