using System.Text;
using SecurityHub.Inventory;

namespace SecurityHub.Tests.Unit.Inventory;

/// <summary>The pieces of the CSV format that need no database: separators, headers, formula escapes, "Shared with".</summary>
public class InventoryCsvFormatTests
{
    [Theory]
    [InlineData("System,Type,Category", ',')]
    [InlineData("System;Type;Category", ';')]
    [InlineData("\"System, name\";Type;Category", ';')]
    [InlineData("\"System; name\",Type,Category", ',')]
    [InlineData("System", ',')]
    [InlineData("System;Type\nA,B,C,D", ';')]
    public void DetectSeparator_HeaderLine_PicksTheSeparatorOutsideQuotes(string header, char expected) =>
        Assert.Equal(expected, InventoryCsv.DetectSeparator(Encoding.UTF8.GetBytes(header)));

    [Theory]
    [InlineData("System", CsvColumn.System)]
    [InlineData("  SYSTEM ", CsvColumn.System)]
    [InlineData("Business owner (email)", CsvColumn.BusinessOwner)]
    [InlineData("business owner email", CsvColumn.BusinessOwner)]
    [InlineData("Admin 2FA", CsvColumn.AdminTwoFactor)]
    [InlineData("admin_2fa", CsvColumn.AdminTwoFactor)]
    [InlineData("SharedWith", CsvColumn.SharedWith)]
    [InlineData("Item last reviewed", CsvColumn.ItemLastReviewed)]
    [InlineData("DPA", CsvColumn.DataProcessingAgreement)]
    public void MatchHeader_CaseSpacingAndPunctuation_AreIgnored(string header, CsvColumn expected) =>
        Assert.Equal(expected, InventoryCsv.MatchHeader(header));

    [Theory]
    [InlineData("Systen")]
    [InlineData("")]
    [InlineData("Sensitivity")]
    public void MatchHeader_UnknownHeader_IsNull(string header) => Assert.Null(InventoryCsv.MatchHeader(header));

    [Fact]
    public void Headers_EveryExportHeader_MatchesItsOwnColumn()
    {
        foreach (var column in Enum.GetValues<CsvColumn>())
        {
            Assert.Equal(column, InventoryCsv.MatchHeader(InventoryCsv.Header(column)));
        }
    }

    [Theory]
    [InlineData("'=SUM(1)", "=SUM(1)")]
    [InlineData("'+1", "+1")]
    [InlineData("'-1+1", "-1+1")]
    [InlineData("'@A1", "@A1")]
    [InlineData("'Tis the season", "'Tis the season")]
    [InlineData("'", "'")]
    [InlineData("=raw", "=raw")]
    [InlineData("''=SUM(1)", "'=SUM(1)")]
    public void Unescape_ExportApostrophe_IsRemovedOnlyBeforeAFormulaCharacter(string cell, string expected) =>
        Assert.Equal(expected, InventoryCsv.Unescape(cell));

    [Theory]
    [InlineData("'=SUM(1)")]
    [InlineData("''+1")]
    [InlineData("'Tis the season")]
    [InlineData("plain")]
    public void Escape_ThenUnescape_GivesBackTheText(string text) =>
        Assert.Equal(text, InventoryCsv.Unescape(InventoryCsv.Escape(text)));

    [Fact]
    public void ParseShares_NamesWithSemicolons_AreJoinedBackWhenKnown()
    {
        var known = new HashSet<string>(["Shop; EU", "Stripe", "Mailer"], StringComparer.OrdinalIgnoreCase);

        var (names, unknown) = ImportPlanner.ParseShares("shop; EU;  Stripe ;;Mars; mailer", known.Contains);

        Assert.Equal(["shop; EU", "Stripe", "mailer"], names);
        Assert.Equal(["Mars"], unknown);
    }

    [Fact]
    public async Task ReadAsync_LineEndingsAndBom_GiveTheSameRowsAndSpreadsheetRowNumbers()
    {
        var lf = await InventoryCsv.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes("System,Type,Category\nA,Spreadsheet,Names\n\nB,Spreadsheet,\"Multi\nline\"\n")));
        var crlf = await InventoryCsv.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes("\uFEFFSystem;Type;Category\r\nA;Spreadsheet;Names\r\n\r\nB;Spreadsheet;\"Multi\r\nline\"\r\n")));

        Assert.Empty(lf.Problems);
        Assert.Empty(crlf.Problems);
        Assert.Equal(';', crlf.Separator);
        Assert.Equal([2, 4], lf.Records.Select(r => r.Row));
        Assert.Equal([2, 4], crlf.Records.Select(r => r.Row));
        Assert.Equal("A", crlf.Records[0][CsvColumn.System]);
        Assert.Null(crlf.Records[0][CsvColumn.Purpose]);
        Assert.False(crlf.Has(CsvColumn.Purpose));
    }

    [Fact]
    public async Task ReadAsync_ExtraCellsAndStrayQuotes_AreFlaggedOnTheirRow()
    {
        var file = await InventoryCsv.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(
            "System,Type,Category\r\nA,Spreadsheet,Names,surprise\r\nB,Spread\"sheet,Names\r\n")));

        Assert.True(file.Records[0].HasExtraCells);
        Assert.NotNull(file.Records[1].Malformed);
    }
}
