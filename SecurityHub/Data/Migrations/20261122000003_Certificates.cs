using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SecurityHub.Data;

#nullable disable

namespace SecurityHub.Migrations
{
    /// <summary>Written by hand (EF Core design-time tools are not served here): watched TLS endpoints, their check history and sent alerts.</summary>
    [DbContext(typeof(ApplicationDbContext))]
    [Migration("20261122000003_Certificates")]
    public partial class Certificates : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CertificateEndpoints",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DaysLeft = table.Column<int>(type: "INTEGER", nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    FromWebsite = table.Column<bool>(type: "INTEGER", nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LastCheckedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    NotAfterUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    StartTls = table.Column<int>(type: "INTEGER", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificateEndpoints", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CertificateEndpoints_Host_Port",
                table: "CertificateEndpoints",
                columns: new[] { "Host", "Port" },
                unique: true);

            migrationBuilder.CreateTable(
                name: "CertificateAlerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EndpointId = table.Column<int>(type: "INTEGER", nullable: false),
                    SentUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ThresholdDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Thumbprint = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificateAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CertificateAlerts_CertificateEndpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "CertificateEndpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CertificateAlerts_EndpointId_Thumbprint_ThresholdDays",
                table: "CertificateAlerts",
                columns: new[] { "EndpointId", "Thumbprint", "ThresholdDays" },
                unique: true);

            migrationBuilder.CreateTable(
                name: "CertificateChecks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChainJson = table.Column<string>(type: "TEXT", nullable: true),
                    CheckedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DaysLeft = table.Column<int>(type: "INTEGER", nullable: true),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: false),
                    EndpointId = table.Column<int>(type: "INTEGER", nullable: false),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    KeySize = table.Column<int>(type: "INTEGER", nullable: true),
                    KeyType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    NotAfterUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NotBeforeUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Protocol = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SignatureAlgorithm = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SubjectAlternativeNames = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Thumbprint = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    TrustProblems = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificateChecks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CertificateChecks_CertificateEndpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "CertificateEndpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CertificateChecks_CheckedUtc",
                table: "CertificateChecks",
                column: "CheckedUtc");

            migrationBuilder.CreateIndex(
                name: "IX_CertificateChecks_EndpointId_CheckedUtc",
                table: "CertificateChecks",
                columns: new[] { "EndpointId", "CheckedUtc" });
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "CertificateAlerts");
            migrationBuilder.DropTable(name: "CertificateChecks");
            migrationBuilder.DropTable(name: "CertificateEndpoints");
        }
    }
}
