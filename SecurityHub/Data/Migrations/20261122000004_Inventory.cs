using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SecurityHub.Data;

#nullable disable

namespace SecurityHub.Migrations
{
    /// <summary>Written by hand (EF Core design-time tools are not served here): the customer-data inventory, its data flows, and the link from certificate endpoints to systems.</summary>
    [DbContext(typeof(ApplicationDbContext))]
    [Migration("20261122000004_Inventory")]
    public partial class Inventory : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InventorySystems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AdminTwoFactor = table.Column<int>(type: "INTEGER", nullable: false),
                    AdminUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DefaultPasswordsChanged = table.Column<int>(type: "INTEGER", nullable: false),
                    EncryptedAtRest = table.Column<int>(type: "INTEGER", nullable: false),
                    EndOfLife = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    HasDpa = table.Column<int>(type: "INTEGER", nullable: false),
                    IsSuggestion = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastReviewed = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false, collation: "NOCASE"),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Operator = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerUserId = table.Column<string>(type: "TEXT", nullable: true),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Updates = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    VendorContact = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    VendorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InventorySystems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InventorySystems_AspNetUsers_OwnerUserId",
                        column: x => x.OwnerUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InventorySystems_Name",
                table: "InventorySystems",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InventorySystems_OwnerUserId",
                table: "InventorySystems",
                column: "OwnerUserId");

            migrationBuilder.CreateTable(
                name: "DataItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApproxRecords = table.Column<int>(type: "INTEGER", nullable: true),
                    Category = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeletionMethod = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    IsSuggestion = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastReviewed = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    OldestRecord = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    OtherCategory = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false, collation: "NOCASE"),
                    OverrideReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    RetentionAmount = table.Column<int>(type: "INTEGER", nullable: false),
                    RetentionTrigger = table.Column<int>(type: "INTEGER", nullable: false),
                    RetentionUnit = table.Column<int>(type: "INTEGER", nullable: false),
                    SensitivityOverride = table.Column<int>(type: "INTEGER", nullable: true),
                    SystemId = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DataItems_InventorySystems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "InventorySystems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DataItems_SystemId_Category_OtherCategory",
                table: "DataItems",
                columns: new[] { "SystemId", "Category", "OtherCategory" },
                unique: true);

            migrationBuilder.CreateTable(
                name: "DataItemShares",
                columns: table => new
                {
                    DataItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    SystemId = table.Column<int>(type: "INTEGER", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataItemShares", x => new { x.DataItemId, x.SystemId });
                    table.ForeignKey(
                        name: "FK_DataItemShares_DataItems_DataItemId",
                        column: x => x.DataItemId,
                        principalTable: "DataItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DataItemShares_InventorySystems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "InventorySystems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DataItemShares_SystemId",
                table: "DataItemShares",
                column: "SystemId");

            // SQLite adds a nullable column with its foreign key in place; EF would rebuild the table instead.
            migrationBuilder.Sql("ALTER TABLE \"CertificateEndpoints\" ADD COLUMN \"InventorySystemId\" INTEGER NULL " +
                "CONSTRAINT \"FK_CertificateEndpoints_InventorySystems_InventorySystemId\" REFERENCES \"InventorySystems\" (\"Id\") ON DELETE SET NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_CertificateEndpoints_InventorySystemId",
                table: "CertificateEndpoints",
                column: "InventorySystemId");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_CertificateEndpoints_InventorySystemId", table: "CertificateEndpoints");
            migrationBuilder.Sql("ALTER TABLE \"CertificateEndpoints\" DROP COLUMN \"InventorySystemId\";");
            migrationBuilder.DropTable(name: "DataItemShares");
            migrationBuilder.DropTable(name: "DataItems");
            migrationBuilder.DropTable(name: "InventorySystems");
        }
    }
}
