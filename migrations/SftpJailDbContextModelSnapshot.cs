using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

#nullable disable

namespace SftpJail.Data.Migrations
{
    /// <summary>
    /// The current model as the migrations describe it. While Initial is the only migration, that is its target model.
    /// The next migration copies <see cref="Initial.DescribeModel"/> into its own Designer file and edits this one.
    /// </summary>
    [DbContext(typeof(SftpJailDbContext))]
    public partial class SftpJailDbContextModelSnapshot : ModelSnapshot
    {
        /// <inheritdoc />
        protected override void BuildModel(ModelBuilder modelBuilder) => Initial.DescribeModel(modelBuilder);
    }
}
