using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecurityHub.Migrations
{
    /// <summary>
    /// The STARTTLS on/off switch becomes an explicit choice (<see cref="SecurityHub.Email.SmtpSecurity"/>):
    /// STARTTLS on means "STARTTLS required", off means "no encryption". EF sees a rename of the integer
    /// column; the values are mapped by hand, since 1 (on) would otherwise read as implicit TLS.
    /// </summary>
    public partial class EmailSecurityChoice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "UseStartTls",
                table: "EmailSettings",
                newName: "Security");
            migrationBuilder.Sql("UPDATE EmailSettings SET Security = CASE Security WHEN 1 THEN 0 ELSE 2 END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Implicit TLS had no switch of its own: it comes back as "encrypted".
            migrationBuilder.Sql("UPDATE EmailSettings SET Security = CASE Security WHEN 2 THEN 0 ELSE 1 END;");
            migrationBuilder.RenameColumn(
                name: "Security",
                table: "EmailSettings",
                newName: "UseStartTls");
        }
    }
}
