using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

#nullable disable

namespace SftpJail.Data.Migrations
{
    /// <summary>
    /// The current model as the migrations describe it: the target model of the latest migration (HostAccess).
    /// The next migration describes its model on top of <see cref="HostAccess.DescribeModel"/> and points this one at it.
    /// </summary>
    [DbContext(typeof(SftpJailDbContext))]
    public partial class SftpJailDbContextModelSnapshot : ModelSnapshot
    {
        /// <inheritdoc />
        protected override void BuildModel(ModelBuilder modelBuilder) => HostAccess.DescribeModel(modelBuilder);
    }
}
