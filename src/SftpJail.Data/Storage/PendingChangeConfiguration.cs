using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SftpJail.Data.Entities;

namespace SftpJail.Data.Storage;

internal sealed class PendingChangeConfiguration : IEntityTypeConfiguration<PendingChange>
{
    public void Configure(EntityTypeBuilder<PendingChange> b)
    {
        b.ToTable("PendingChanges");
        b.Property(c => c.Owner).HasMaxLength(1024);
        b.Property(c => c.CreatedAt).HasConversion<UtcTicksConverter>();
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Actor).HasMaxLength(256);
        b.Property(c => c.Action).HasMaxLength(64);
        b.Property(c => c.Target).HasMaxLength(1024);
    }
}
