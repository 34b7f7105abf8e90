using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SftpJail.Data.Migrations
{
    [DbContext(typeof(SftpJailDbContext))]
    [Migration("20261122060000_HostAccess")]
    public partial class HostAccess
    {
        /// <inheritdoc />
        protected override void BuildTargetModel(ModelBuilder modelBuilder) => DescribeModel(modelBuilder);

        /// <summary>Initial's model plus HostSettings. Frozen once a later migration exists; until then the snapshot uses it.</summary>
        internal static void DescribeModel(ModelBuilder modelBuilder)
        {
#pragma warning disable 612, 618
            Initial.DescribeModel(modelBuilder);

            modelBuilder.Entity("SftpJail.Data.Entities.HostSetting", b =>
                {
                    b.Property<string>("Name").HasMaxLength(64).HasColumnType("TEXT");
                    b.Property<string>("Json").IsRequired().HasColumnType("TEXT");
                    b.Property<long>("UpdatedAt").HasColumnType("INTEGER");
                    b.HasKey("Name");
                    b.ToTable("HostSettings", (string)null);
                });
#pragma warning restore 612, 618
        }
    }
}
