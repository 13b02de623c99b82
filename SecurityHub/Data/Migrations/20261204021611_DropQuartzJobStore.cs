using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecurityHub.Migrations
{
    /// <summary>
    /// Hangfire replaced Quartz.NET, and its store lives in memory: the QRTZ_* tables of
    /// <see cref="QuartzJobStore"/> go (their indexes and triggers with them). Down puts them back.
    /// </summary>
    public partial class DropQuartzJobStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Exactly what QuartzJobStore's Down does: every QRTZ_* table, children first.
            migrationBuilder.Operations.AddRange(new QuartzJobStore().DownOperations);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Operations.AddRange(new QuartzJobStore().UpOperations);
        }
    }
}
