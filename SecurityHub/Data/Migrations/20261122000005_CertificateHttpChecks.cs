using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SecurityHub.Data;

#nullable disable

namespace SecurityHub.Migrations
{
    /// <summary>
    /// Written by hand (EF Core design-time tools are not served here): the website checks of a certificate
    /// check (HTTP-to-HTTPS redirect, HSTS) and the Owner's in-app "allow internal hosts" setting.
    /// </summary>
    [DbContext(typeof(ApplicationDbContext))]
    [Migration("20261122000005_CertificateHttpChecks")]
    public partial class CertificateHttpChecks : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RedirectsToHttps",
                table: "CertificateChecks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SendsHsts",
                table: "CertificateChecks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HttpNote",
                table: "CertificateChecks",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CertificateSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    AllowInternalHosts = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificateSettings", x => x.Id);
                });
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "CertificateSettings");
            migrationBuilder.DropColumn(name: "HttpNote", table: "CertificateChecks");
            migrationBuilder.DropColumn(name: "SendsHsts", table: "CertificateChecks");
            migrationBuilder.DropColumn(name: "RedirectsToHttps", table: "CertificateChecks");
        }
    }
}
