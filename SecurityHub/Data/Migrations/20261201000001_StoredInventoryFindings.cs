using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SecurityHub.Data;

#nullable disable

namespace SecurityHub.Migrations
{
    /// <summary>
    /// Written by hand (EF Core design-time tools are not served here): the inventory's current findings, stored so readers
    /// do not work them out on every render, and the day they were worked out for. Both start empty: the first read after
    /// start-up evaluates the whole inventory.
    /// </summary>
    [DbContext(typeof(ApplicationDbContext))]
    [Migration("20261201000001_StoredInventoryFindings")]
    public partial class StoredInventoryFindings : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InventoryFindings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DataItemId = table.Column<int>(type: "INTEGER", nullable: true),
                    DataLabel = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Rule = table.Column<int>(type: "INTEGER", nullable: false),
                    SearchText = table.Column<string>(type: "TEXT", nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", nullable: false),
                    SystemId = table.Column<int>(type: "INTEGER", nullable: false),
                    SystemName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false, collation: "NOCASE"),
                    Tip = table.Column<string>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    WhatToDo = table.Column<string>(type: "TEXT", nullable: false),
                    Why = table.Column<string>(type: "TEXT", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InventoryFindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InventoryFindings_InventorySystems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "InventorySystems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InventoryFindings_Severity",
                table: "InventoryFindings",
                column: "Severity");

            migrationBuilder.CreateIndex(
                name: "IX_InventoryFindings_SystemId",
                table: "InventoryFindings",
                column: "SystemId");

            migrationBuilder.CreateTable(
                name: "InventoryFindingsEvaluation",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    EvaluatedFor = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EvaluatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InventoryFindingsEvaluation", x => x.Id);
                });
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "InventoryFindingsEvaluation");
            migrationBuilder.DropTable(name: "InventoryFindings");
        }
    }
}
