using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SftpJail.Data.Migrations
{
    [DbContext(typeof(SftpJailDbContext))]
    [Migration("20261122000000_Initial")]
    public partial class Initial
    {
        /// <inheritdoc />
        protected override void BuildTargetModel(ModelBuilder modelBuilder) => DescribeModel(modelBuilder);

        /// <summary>
        /// The model this migration creates, in the form EF Core's snapshot generator writes (provider types, no
        /// converters). Frozen: HostAccess builds on it.
        /// </summary>
        internal static void DescribeModel(ModelBuilder modelBuilder)
        {
#pragma warning disable 612, 618
            modelBuilder.HasAnnotation("ProductVersion", "10.0.11");

            DescribeIdentity(modelBuilder);

            modelBuilder.Entity("SftpJail.Data.Entities.Site", b =>
                {
                    b.Property<int>("Id").ValueGeneratedOnAdd().HasColumnType("INTEGER");
                    b.Property<long>("CreatedAt").HasColumnType("INTEGER");
                    b.Property<string>("CustomerAccountId").HasColumnType("TEXT");
                    b.Property<string>("Domain").IsRequired().HasMaxLength(253).HasColumnType("TEXT");
                    b.Property<bool>("Enabled").HasColumnType("INTEGER");
                    b.Property<long?>("LastAppliedAt").HasColumnType("INTEGER");
                    b.Property<string>("LastError").HasMaxLength(2000).HasColumnType("TEXT");
                    b.Property<string>("Status").IsRequired().HasMaxLength(16).HasColumnType("TEXT");
                    b.HasKey("Id");
                    b.HasIndex("CreatedAt");
                    b.HasIndex("CustomerAccountId");
                    b.HasIndex("Domain").IsUnique();
                    b.HasIndex("Status");
                    b.ToTable("Sites", (string)null);
                });

            modelBuilder.Entity("SftpJail.Data.Entities.SftpAccount", b =>
                {
                    b.Property<int>("Id").ValueGeneratedOnAdd().HasColumnType("INTEGER");
                    b.Property<long>("CreatedAt").HasColumnType("INTEGER");
                    b.Property<bool>("Disabled").HasColumnType("INTEGER");
                    b.Property<bool>("HasPassword").HasColumnType("INTEGER");
                    b.Property<bool>("KeyOnly").HasColumnType("INTEGER");
                    b.Property<bool>("ReadOnly").HasColumnType("INTEGER");
                    b.Property<int>("SiteId").HasColumnType("INTEGER");
                    b.Property<string>("UserName").IsRequired().HasMaxLength(32).HasColumnType("TEXT");
                    b.HasKey("Id");
                    b.HasIndex("SiteId");
                    b.HasIndex("UserName").IsUnique();
                    b.ToTable("SftpAccounts", (string)null);
                });

            modelBuilder.Entity("SftpJail.Data.Entities.AuthorizedKey", b =>
                {
                    b.Property<int>("Id").ValueGeneratedOnAdd().HasColumnType("INTEGER");
                    b.Property<int>("AccountId").HasColumnType("INTEGER");
                    b.Property<long>("AddedAt").HasColumnType("INTEGER");
                    b.Property<string>("Algorithm").IsRequired().HasMaxLength(64).HasColumnType("TEXT");
                    b.Property<string>("Comment").IsRequired().HasMaxLength(100).HasColumnType("TEXT");
                    b.Property<string>("Fingerprint").IsRequired().HasMaxLength(64).HasColumnType("TEXT");
                    b.Property<string>("Line").IsRequired().HasMaxLength(16384).HasColumnType("TEXT");
                    b.HasKey("Id");
                    b.HasIndex("AccountId", "Fingerprint").IsUnique();
                    b.ToTable("AuthorizedKeys", (string)null);
                });

            modelBuilder.Entity("SftpJail.Data.Audit.AuditEntry", b =>
                {
                    b.Property<long>("Id").ValueGeneratedOnAdd().HasColumnType("INTEGER");
                    b.Property<string>("Action").IsRequired().HasMaxLength(64).HasColumnType("TEXT");
                    b.Property<string>("Actor").IsRequired().HasMaxLength(320).HasColumnType("TEXT");
                    b.Property<string>("After").HasColumnType("TEXT");
                    b.Property<long>("At").HasColumnType("INTEGER");
                    b.Property<string>("Before").HasColumnType("TEXT");
                    b.Property<string>("Detail").HasColumnType("TEXT");
                    b.Property<string>("Error").HasColumnType("TEXT");
                    b.Property<string>("Hash").IsRequired().HasMaxLength(64).HasColumnType("TEXT");
                    b.Property<string>("PreviousHash").IsRequired().HasMaxLength(64).HasColumnType("TEXT");
                    b.Property<string>("Result").IsRequired().HasMaxLength(16).HasColumnType("TEXT");
                    b.Property<string>("Target").IsRequired().HasMaxLength(300).HasColumnType("TEXT");
                    b.HasKey("Id");
                    b.HasIndex("Action");
                    b.HasIndex("Actor");
                    b.HasIndex("At");
                    b.HasIndex("Target");
                    b.ToTable("AuditEntries", (string)null);
                });

            modelBuilder.Entity("SftpJail.Data.Entities.Site", b =>
                {
                    b.HasOne("SftpJail.Data.Identity.PanelUser", "CustomerAccount")
                        .WithMany()
                        .HasForeignKey("CustomerAccountId")
                        .OnDelete(DeleteBehavior.SetNull);
                    b.Navigation("CustomerAccount");
                });

            modelBuilder.Entity("SftpJail.Data.Entities.SftpAccount", b =>
                {
                    b.HasOne("SftpJail.Data.Entities.Site", "Site")
                        .WithMany("Users")
                        .HasForeignKey("SiteId")
                        .OnDelete(DeleteBehavior.Cascade)
                        .IsRequired();
                    b.Navigation("Site");
                });

            modelBuilder.Entity("SftpJail.Data.Entities.AuthorizedKey", b =>
                {
                    b.HasOne("SftpJail.Data.Entities.SftpAccount", "Account")
                        .WithMany("Keys")
                        .HasForeignKey("AccountId")
                        .OnDelete(DeleteBehavior.Cascade)
                        .IsRequired();
                    b.Navigation("Account");
                });

            modelBuilder.Entity("SftpJail.Data.Entities.Site", b => b.Navigation("Users"));
            modelBuilder.Entity("SftpJail.Data.Entities.SftpAccount", b => b.Navigation("Keys"));
#pragma warning restore 612, 618
        }
    }
}
