using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SftpJail.Data.Entities;

namespace SftpJail.Data.Storage;

internal sealed class HostSettingConfiguration : IEntityTypeConfiguration<HostSetting>
{
    public void Configure(EntityTypeBuilder<HostSetting> b)
    {
        b.ToTable("HostSettings");
        b.HasKey(s => s.Name);
        b.Property(s => s.Name).HasMaxLength(64);
        b.Property(s => s.UpdatedAt).HasConversion<UtcTicksConverter>();
    }
}
