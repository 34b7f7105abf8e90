using Microsoft.EntityFrameworkCore;

#nullable disable

namespace SftpJail.Data.Migrations
{
    public partial class Initial
    {
        private static void DescribeIdentity(ModelBuilder modelBuilder)
        {
#pragma warning disable 612, 618
            modelBuilder.Entity("SftpJail.Data.Identity.PanelUser", b =>
                {
                    b.Property<string>("Id").HasColumnType("TEXT");
                    b.Property<int>("AccessFailedCount").HasColumnType("INTEGER");
                    b.Property<string>("ConcurrencyStamp").IsConcurrencyToken().HasColumnType("TEXT");
                    b.Property<string>("DisplayName").HasMaxLength(256).HasColumnType("TEXT");
                    b.Property<string>("Email").HasMaxLength(256).HasColumnType("TEXT");
                    b.Property<bool>("EmailConfirmed").HasColumnType("INTEGER");
                    b.Property<bool>("LockoutEnabled").HasColumnType("INTEGER");
                    b.Property<DateTimeOffset?>("LockoutEnd").HasColumnType("TEXT");
                    b.Property<string>("NormalizedEmail").HasMaxLength(256).HasColumnType("TEXT");
                    b.Property<string>("NormalizedUserName").HasMaxLength(256).HasColumnType("TEXT");
                    b.Property<string>("PasswordHash").HasColumnType("TEXT");
                    b.Property<string>("PhoneNumber").HasMaxLength(256).HasColumnType("TEXT");
                    b.Property<bool>("PhoneNumberConfirmed").HasColumnType("INTEGER");
                    b.Property<string>("SecurityStamp").HasColumnType("TEXT");
                    b.Property<bool>("TwoFactorEnabled").HasColumnType("INTEGER");
                    b.Property<string>("UserName").HasMaxLength(256).HasColumnType("TEXT");
                    b.HasKey("Id");
                    b.HasIndex("NormalizedEmail").HasDatabaseName("EmailIndex");
                    b.HasIndex("NormalizedUserName").IsUnique().HasDatabaseName("UserNameIndex");
                    b.ToTable("AspNetUsers", (string)null);
                });

            modelBuilder.Entity("Microsoft.AspNetCore.Identity.IdentityRole", b =>
                {
                    b.Property<string>("Id").HasColumnType("TEXT");
                    b.Property<string>("ConcurrencyStamp").IsConcurrencyToken().HasColumnType("TEXT");
                    b.Property<string>("Name").HasMaxLength(256).HasColumnType("TEXT");
                    b.Property<string>("NormalizedName").HasMaxLength(256).HasColumnType("TEXT");
                    b.HasKey("Id");
                    b.HasIndex("NormalizedName").IsUnique().HasDatabaseName("RoleNameIndex");
                    b.ToTable("AspNetRoles", (string)null);
                });

            modelBuilder.Entity("Microsoft.AspNetCore.Identity.IdentityRoleClaim<string>", b =>
                {
                    b.Property<int>("Id").ValueGeneratedOnAdd().HasColumnType("INTEGER");
                    b.Property<string>("ClaimType").HasColumnType("TEXT");
                    b.Property<string>("ClaimValue").HasColumnType("TEXT");
                    b.Property<string>("RoleId").IsRequired().HasColumnType("TEXT");
                    b.HasKey("Id");
                    b.HasIndex("RoleId");
                    b.ToTable("AspNetRoleClaims", (string)null);
                });

            modelBuilder.Entity("Microsoft.AspNetCore.Identity.IdentityUserClaim<string>", b =>
                {
                    b.Property<int>("Id").ValueGeneratedOnAdd().HasColumnType("INTEGER");
                    b.Property<string>("ClaimType").HasColumnType("TEXT");
                    b.Property<string>("ClaimValue").HasColumnType("TEXT");
                    b.Property<string>("UserId").IsRequired().HasColumnType("TEXT");
                    b.HasKey("Id");
                    b.HasIndex("UserId");
                    b.ToTable("AspNetUserClaims", (string)null);
                });

            modelBuilder.Entity("Microsoft.AspNetCore.Identity.IdentityUserLogin<string>", b =>
                {
                    b.Property<string>("LoginProvider").HasMaxLength(128).HasColumnType("TEXT");
                    b.Property<string>("ProviderKey").HasMaxLength(128).HasColumnType("TEXT");
                    b.Property<string>("ProviderDisplayName").HasColumnType("TEXT");
                    b.Property<string>("UserId").IsRequired().HasColumnType("TEXT");
                    b.HasKey("LoginProvider", "ProviderKey");
                    b.HasIndex("UserId");
                    b.ToTable("AspNetUserLogins", (string)null);
                });

            modelBuilder.Entity("Microsoft.AspNetCore.Identity.IdentityUserPasskey<string>", b =>
                {
                    b.Property<byte[]>("CredentialId").HasMaxLength(1024).HasColumnType("BLOB");
                    b.Property<string>("UserId").IsRequired().HasColumnType("TEXT");
                    b.HasKey("CredentialId");
                    b.HasIndex("UserId");
                    b.ToTable("AspNetUserPasskeys", (string)null);
                });

            modelBuilder.Entity("Microsoft.AspNetCore.Identity.IdentityUserRole<string>", b =>
                {
                    b.Property<string>("UserId").HasColumnType("TEXT");
                    b.Property<string>("RoleId").HasColumnType("TEXT");
                    b.HasKey("UserId", "RoleId");
                    b.HasIndex("RoleId");
                    b.ToTable("AspNetUserRoles", (string)null);
                });

            modelBuilder.Entity("Microsoft.AspNetCore.Identity.IdentityUserToken<string>", b =>
                {
                    b.Property<string>("UserId").HasColumnType("TEXT");
                    b.Property<string>("LoginProvider").HasMaxLength(128).HasColumnType("TEXT");
                    b.Property<string>("Name").HasMaxLength(128).HasColumnType("TEXT");
                    b.Property<string>("Value").HasColumnType("TEXT");
                    b.HasKey("UserId", "LoginProvider", "Name");
                    b.ToTable("AspNetUserTokens", (string)null);
                });

            modelBuilder.Entity("Microsoft.AspNetCore.Identity.IdentityRoleClaim<string>", b =>
                {
                    b.HasOne("Microsoft.AspNetCore.Identity.IdentityRole", null)
                        .WithMany().HasForeignKey("RoleId").OnDelete(DeleteBehavior.Cascade).IsRequired();
                });

            foreach (var dependent in new[]
            {
                "Microsoft.AspNetCore.Identity.IdentityUserClaim<string>",
                "Microsoft.AspNetCore.Identity.IdentityUserLogin<string>",
                "Microsoft.AspNetCore.Identity.IdentityUserRole<string>",
                "Microsoft.AspNetCore.Identity.IdentityUserToken<string>",
                "Microsoft.AspNetCore.Identity.IdentityUserPasskey<string>",
            })
            {
                modelBuilder.Entity(dependent, b =>
                    {
                        b.HasOne("SftpJail.Data.Identity.PanelUser", null)
                            .WithMany().HasForeignKey("UserId").OnDelete(DeleteBehavior.Cascade).IsRequired();
                    });
            }

            modelBuilder.Entity("Microsoft.AspNetCore.Identity.IdentityUserRole<string>", b =>
                {
                    b.HasOne("Microsoft.AspNetCore.Identity.IdentityRole", null)
                        .WithMany().HasForeignKey("RoleId").OnDelete(DeleteBehavior.Cascade).IsRequired();
                });

            modelBuilder.Entity("Microsoft.AspNetCore.Identity.IdentityUserPasskey<string>", b =>
                {
                    // The WebAuthn data is one JSON column, as Identity maps it (OwnsOne(...).ToJson()).
                    b.OwnsOne("Microsoft.AspNetCore.Identity.IdentityPasskeyData", "Data", b1 =>
                        {
                            b1.Property<byte[]>("IdentityUserPasskeyCredentialId").HasColumnType("BLOB");
                            b1.Property<byte[]>("AttestationObject").IsRequired().HasColumnType("BLOB");
                            b1.Property<byte[]>("ClientDataJson").IsRequired().HasColumnType("BLOB");
                            b1.Property<DateTimeOffset>("CreatedAt").HasColumnType("TEXT");
                            b1.Property<bool>("IsBackedUp").HasColumnType("INTEGER");
                            b1.Property<bool>("IsBackupEligible").HasColumnType("INTEGER");
                            b1.Property<bool>("IsUserVerified").HasColumnType("INTEGER");
                            b1.Property<string>("Name").HasColumnType("TEXT");
                            b1.Property<byte[]>("PublicKey").IsRequired().HasColumnType("BLOB");
                            b1.Property<uint>("SignCount").HasColumnType("INTEGER");
                            b1.PrimitiveCollection<string>("Transports").HasColumnType("TEXT");
                            b1.HasKey("IdentityUserPasskeyCredentialId");
                            b1.ToTable("AspNetUserPasskeys");
                            b1.ToJson("Data");
                            b1.WithOwner().HasForeignKey("IdentityUserPasskeyCredentialId");
                        });

                    b.Navigation("Data").IsRequired();
                });
#pragma warning restore 612, 618
        }
    }
}
