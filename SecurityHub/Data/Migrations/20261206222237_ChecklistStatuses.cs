using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecurityHub.Migrations
{
    /// <inheritdoc />
    public partial class ChecklistStatuses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "SetsUpForCustomers",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "ShipsToCustomers",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ChecklistStatuses",
                columns: table => new
                {
                    ControlId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    TargetDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    AcceptedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AcceptedUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EvidenceNotes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    EvidenceDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChecklistStatuses", x => x.ControlId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChecklistStatuses");

            migrationBuilder.DropColumn(
                name: "SetsUpForCustomers",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "ShipsToCustomers",
                table: "Organizations");
        }
    }
}
