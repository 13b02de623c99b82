using System.Globalization;
using CsvHelper;

namespace SecurityHub.Inventory;

/// <summary>The columns of the inventory CSV, in the order the export writes them. System columns come first.</summary>
public enum CsvColumn
{
    System,
    Type,
    Operator,
    Vendor,
    VendorContact,
    DataProcessingAgreement,
    BusinessOwner,
    AdminUrl,
    EncryptedAtRest,
    AdminTwoFactor,
    DefaultPasswordsChanged,
    Updates,
    EndOfLife,
    SystemLastReviewed,
    SystemNotes,
    Category,
    OtherCategory,
    SensitivityOverride,
    OverrideReason,
    Purpose,
    ApproximateRecords,
    Retention,
    DeletionMethod,
    OldestRecord,
    ItemLastReviewed,
    SharedWith,
}

/// <summary>One data row of an uploaded file: its spreadsheet row number and its cells by column (null where the file has no such column).</summary>
public sealed class CsvRecord(int row, string?[] cells)
{
    /// <summary>The row as a spreadsheet numbers it: the header is row 1.</summary>
    public int Row { get; } = row;
    public string?[] Cells { get; } = cells;
    public string? Malformed { get; set; }
    public bool HasExtraCells { get; set; }

    public string? this[CsvColumn column] => Cells[(int)column];

    public bool Has(CsvColumn column) => !string.IsNullOrWhiteSpace(Cells[(int)column]);
}

/// <summary>What was read from an upload: either a file-level problem, or the header's columns and the rows.</summary>
public sealed class CsvFile
{
    public List<ImportProblem> Problems { get; } = [];
    public List<CsvRecord> Records { get; } = [];

    /// <summary>Which columns the header has (by <see cref="CsvColumn"/>).</summary>
    public bool[] Present { get; } = new bool[InventoryCsv.Headers.Count];
    public char Separator { get; set; } = ',';
    public long Bytes { get; set; }

    public bool Has(CsvColumn column) => Present[(int)column];
}

/// <summary>
/// The inventory's CSV format: one row per data item (a system without items gets one row with empty item
/// columns), friendly headers, catalog labels, dates as yyyy-MM-dd, "Shared with" as system names separated by "; ".
/// Export quotes per RFC 4180 and neutralizes formulas; import streams with a size cap and reads Excel's files.
/// </summary>
public static class InventoryCsv
{
    public const long MaxBytes = 5L * 1024 * 1024;

    /// <summary>Data rows read from one file; reading stops past it (the benchmark imports 10,000).</summary>
    public const int MaxDataRows = 20_000;
    public const string DateFormat = "yyyy-MM-dd";
    public const string SharedWithSeparator = "; ";

    /// <summary>The headers the export writes, indexed by <see cref="CsvColumn"/>.</summary>
    public static readonly IReadOnlyList<string> Headers =
    [
        "System", "Type", "Operator", "Vendor", "Vendor contact", "Data processing agreement", "Business owner (email)", "Admin URL",
        "Encrypted at rest", "Admin 2FA", "Default passwords changed", "Updates", "End of life", "System last reviewed", "System notes",
        "Category", "Other category", "Sensitivity override", "Override reason", "Purpose", "Approximate records", "Retention",
        "Deletion method", "Oldest record", "Item last reviewed", "Shared with",
    ];

    /// <summary>Columns a file must have. Any other column may be left out; a missing column keeps the stored values.</summary>
    public static readonly IReadOnlyList<CsvColumn> Required = [CsvColumn.System, CsvColumn.Type, CsvColumn.Category];

    /// <summary>Other spellings people use for a header, compared after <see cref="NormalizeHeader"/>.</summary>
    private static readonly Dictionary<string, CsvColumn> Aliases = BuildAliases();

    /// <summary>What a spreadsheet treats as the start of a formula; the export prefixes such cells with an apostrophe.</summary>
    private const string FormulaStarts = "=+-@\t\r";

    private static readonly CsvWriterOptions WriterOptions = new()
    {
        Injection = CsvInjection.Escape,
        // Excel reads UTF-8 only with a byte order mark; the import accepts it.
        WriteByteOrderMark = true,
    };

    public static string Header(CsvColumn column) => Headers[(int)column];

    public static bool IsSystemColumn(CsvColumn column) => column < CsvColumn.Category;

    /// <summary>Case, spaces and punctuation do not matter: "business owner email" finds "Business owner (email)".</summary>
    public static string NormalizeHeader(string? header) =>
        new((header ?? "").Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    /// <summary>Finds a column by its header or a known alias.</summary>
    public static CsvColumn? MatchHeader(string? header) =>
        Aliases.TryGetValue(NormalizeHeader(header), out var column) ? column : null;

    /// <summary>The separator of a header line: a semicolon when it has more semicolons than commas (outside quotes), else a comma.</summary>
    public static char DetectSeparator(ReadOnlySpan<byte> headerLine)
    {
        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var b in headerLine)
        {
            if (b == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (!quoted && b == (byte)',')
            {
                commas++;
            }
            else if (!quoted && b == (byte)';')
            {
                semicolons++;
            }
            else if (!quoted && b is (byte)'\n')
            {
                break;
            }
        }
        return semicolons > commas ? ';' : ',';
    }

    /// <summary>Writes rows (each with a cell per <see cref="Headers"/> entry) after the header, as RFC 4180 CSV with formulas neutralized.</summary>
    public static async Task WriteAsync(Stream output, IEnumerable<string[]> rows, CancellationToken cancellationToken = default)
    {
        await using var csv = CsvWriter.Create(output, WriterOptions, leaveOpen: true);
        await csv.WriteRecordAsync([.. Headers], cancellationToken);
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Escape(row[i]);
            }
            await csv.WriteRecordAsync(row, cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>The cells of one export row: a system and one of its items, or the system alone.</summary>
    public static string[] Cells(InventorySystem s, DataItem? item, string? ownerEmail, IEnumerable<string> sharedWith)
    {
        var cells = new string[Headers.Count];
        cells[(int)CsvColumn.System] = s.Name;
        cells[(int)CsvColumn.Type] = DataCatalog.Label(s.Type);
        cells[(int)CsvColumn.Operator] = DataCatalog.Label(s.Operator);
        var vendor = s.Operator == SystemOperator.Vendor;
        cells[(int)CsvColumn.Vendor] = vendor ? s.VendorName : "";
        cells[(int)CsvColumn.VendorContact] = vendor ? s.VendorContact : "";
        cells[(int)CsvColumn.DataProcessingAgreement] = vendor ? DataCatalog.Label(s.HasDpa) : "";
        cells[(int)CsvColumn.BusinessOwner] = ownerEmail ?? "";
        cells[(int)CsvColumn.AdminUrl] = s.AdminUrl;
        cells[(int)CsvColumn.EncryptedAtRest] = DataCatalog.Label(s.EncryptedAtRest);
        cells[(int)CsvColumn.AdminTwoFactor] = DataCatalog.Label(s.AdminTwoFactor);
        cells[(int)CsvColumn.DefaultPasswordsChanged] = DataCatalog.Label(s.DefaultPasswordsChanged);
        cells[(int)CsvColumn.Updates] = DataCatalog.Label(s.Updates);
        cells[(int)CsvColumn.EndOfLife] = InventoryRules.Date(s.EndOfLife);
        cells[(int)CsvColumn.SystemLastReviewed] = InventoryRules.Date(s.LastReviewed);
        cells[(int)CsvColumn.SystemNotes] = s.Notes;
        if (item is null)
        {
            for (var c = (int)CsvColumn.Category; c < cells.Length; c++)
            {
                cells[c] = "";
            }
            return cells;
        }
        cells[(int)CsvColumn.Category] = DataCatalog.Label(item.Category);
        cells[(int)CsvColumn.OtherCategory] = item.Category == DataCategory.Other ? item.OtherCategory : "";
        cells[(int)CsvColumn.SensitivityOverride] = item.SensitivityOverride is { } level ? DataCatalog.Label(level) : "";
        cells[(int)CsvColumn.OverrideReason] = item.SensitivityOverride is null ? "" : item.OverrideReason;
        cells[(int)CsvColumn.Purpose] = item.Purpose;
        cells[(int)CsvColumn.ApproximateRecords] = item.ApproxRecords?.ToString(CultureInfo.InvariantCulture) ?? "";
        cells[(int)CsvColumn.Retention] = item.Retention.ToString();
        cells[(int)CsvColumn.DeletionMethod] = item.DeletionMethod;
        cells[(int)CsvColumn.OldestRecord] = InventoryRules.Date(item.OldestRecord);
        cells[(int)CsvColumn.ItemLastReviewed] = InventoryRules.Date(item.LastReviewed);
        cells[(int)CsvColumn.SharedWith] = string.Join(SharedWithSeparator, sharedWith.Order(StringComparer.OrdinalIgnoreCase));
        return cells;
    }

    /// <summary>
    /// Reads an upload: at most <see cref="MaxBytes"/>, counted while streaming, and at most <see cref="MaxDataRows"/> rows. Accepts a UTF-8 byte order mark,
    /// comma or semicolon separators (detected from the header line) and CRLF or LF line ends. Never throws for bad input:
    /// problems come back in <see cref="CsvFile.Problems"/>.
    /// </summary>
    public static async Task<CsvFile> ReadAsync(Stream input, CancellationToken cancellationToken = default)
    {
        var file = new CsvFile();
        var capped = new CappedReadStream(input, MaxBytes);
        try
        {
            var prefix = await ReadHeaderLineAsync(capped, cancellationToken);
            var start = prefix.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
            if (prefix.AsSpan(start).IndexOfAnyExcept(" \t\r\n"u8) < 0)
            {
                file.Problems.Add(new ImportProblem(0, "", "The file is empty. Download a template, fill it in and upload it again."));
                return file;
            }
            file.Separator = DetectSeparator(prefix.AsSpan(start));
            var malformed = new Dictionary<long, string>();
            var options = new CsvReaderOptions
            {
                Separator = file.Separator,
                DetectSeparatorHint = false,
                // Keep empty lines as records, so row numbers are the ones a spreadsheet shows.
                SkipEmptyLines = false,
                IncludeValuesInExceptions = false,
                OnMalformedRecord = m => malformed[m.RecordNumber] = m.Reason.ToString(),
            };
            await using var stream = new PrefixedReadStream(prefix, capped);
            await using var reader = CsvReader.Create(stream, options, leaveOpen: true);
            await reader.ReadHeaderAsync(cancellationToken);
            var index = MatchColumns(reader.Headers, file);
            if (file.Problems.Count > 0)
            {
                return file;
            }
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = checked((int)reader.RowNumber + 1);
                var cells = new string?[Headers.Count];
                var blank = true;
                for (var c = 0; c < index.Length; c++)
                {
                    if (index[c] is { } i)
                    {
                        var value = i < reader.FieldCount ? Unescape(reader.GetString(i)) : "";
                        cells[c] = value;
                        blank &= string.IsNullOrWhiteSpace(value);
                    }
                }
                if (blank)
                {
                    // An empty line, or a row of empty cells that a spreadsheet leaves behind.
                    continue;
                }
                if (file.Records.Count == MaxDataRows)
                {
                    // Stop reading: the rest of the file is never parsed or held.
                    file.Records.Clear();
                    file.Problems.Add(new ImportProblem(0, "", $"The file has more than {MaxDataRows:N0} rows, more than one import takes. " +
                        $"Split it into files of at most {MaxDataRows:N0} rows and import them one after the other."));
                    return file;
                }
                var record = new CsvRecord(row, cells);
                for (var i = reader.Headers.Count; i < reader.FieldCount; i++)
                {
                    if (!string.IsNullOrWhiteSpace(reader.GetString(i)))
                    {
                        record.HasExtraCells = true;
                        break;
                    }
                }
                if (malformed.Remove(row, out var reason))
                {
                    record.Malformed = reason;
                }
                file.Records.Add(record);
            }
            file.Bytes = capped.BytesRead;
            if (file.Records.Count == 0)
            {
                file.Problems.Add(new ImportProblem(0, "", "The file has a header but no rows. Add one row per data item under the header."));
            }
        }
        catch (Exception) when (capped.Exceeded)
        {
            file.Records.Clear();
            file.Problems.Clear();
            file.Problems.Add(new ImportProblem(0, "", $"The file is larger than {MaxBytes / 1024 / 1024} MB. Split it into smaller files and import them one after the other."));
        }
        catch (CsvFormatException)
        {
            file.Records.Clear();
            file.Problems.Add(new ImportProblem(0, "", "The file could not be read as CSV. Save it from your spreadsheet as \"CSV UTF-8\" and try again."));
        }
        catch (NotSupportedException)
        {
            // A UTF-16 or UTF-32 byte order mark.
            file.Records.Clear();
            file.Problems.Add(new ImportProblem(0, "", "The file is not UTF-8 text. Save it from your spreadsheet as \"CSV UTF-8\" and try again."));
        }
        return file;
    }

    /// <summary>A file with the header only, for people who start from a blank sheet.</summary>
    public static Task WriteTemplateAsync(Stream output, CancellationToken cancellationToken = default) =>
        WriteAsync(output, [], cancellationToken);

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Reads up to the end of the first line (or 64 KB), so the separator can be chosen before parsing.</summary>
    private static async Task<byte[]> ReadHeaderLineAsync(Stream input, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await input.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }
            var newline = buffer.AsSpan(length, read).IndexOf((byte)'\n');
            length += read;
            if (newline >= 0)
            {
                break;
            }
        }
        return buffer[..length];
    }

    /// <summary>Maps the file's headers to columns; unknown, repeated and missing required headers are problems in row 1.</summary>
    private static int?[] MatchColumns(IReadOnlyList<string> headers, CsvFile file)
    {
        var index = new int?[Headers.Count];
        var unknown = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim();
            if (header.Length == 0)
            {
                continue;
            }
            if (MatchHeader(header) is not { } column)
            {
                unknown.Add(header);
                continue;
            }
            if (index[(int)column] is not null)
            {
                file.Problems.Add(new ImportProblem(1, Limit(header), $"The column \"{Header(column)}\" appears twice. Keep one of them."));
                continue;
            }
            index[(int)column] = i;
            file.Present[(int)column] = true;
        }
        if (unknown.Count > 0)
        {
            file.Problems.Add(new ImportProblem(1, Limit(unknown[0]),
                $"Unknown column{(unknown.Count == 1 ? "" : "s")}: {string.Join(", ", unknown.Take(10).Select(u => $"\"{Limit(u)}\""))}. " +
                $"The columns are: {string.Join(", ", Headers)}."));
        }
        var missing = Required.Where(c => index[(int)c] is null).ToList();
        if (missing.Count > 0)
        {
            file.Problems.Add(new ImportProblem(1, Header(missing[0]),
                $"Missing column{(missing.Count == 1 ? "" : "s")}: {string.Join(", ", missing.Select(m => $"\"{Header(m)}\""))}. " +
                (headers.Count <= 1 && file.Separator == ',' ? "If your columns are separated by something other than commas or semicolons, save the file as CSV again. " : "") +
                "Download the template to see the header row."));
        }
        return index;
    }

    /// <summary>
    /// Undoes the export's formula neutralization: "'=SUM(1)" reads back as "=SUM(1)", which is only ever stored
    /// and shown as text. Text that itself starts with apostrophes before a formula character got one more on export.
    /// </summary>
    internal static string Unescape(string value) => IsEscaped(value) ? value[1..] : value;

    /// <summary>Text the import would read back without its first apostrophe gets one more, so it survives a round trip.</summary>
    internal static string Escape(string value) => IsEscaped(value) ? "'" + value : value;

    private static bool IsEscaped(string value)
    {
        if (value.Length < 2 || value[0] != '\'')
        {
            return false;
        }
        var rest = value.AsSpan().TrimStart('\'');
        return rest.Length > 0 && FormulaStarts.Contains(rest[0]);
    }

    internal static string Limit(string value, int max = 60) => value.Length <= max ? value : value[..max] + "…";

    private static Dictionary<string, CsvColumn> BuildAliases()
    {
        var aliases = new Dictionary<string, CsvColumn>();
        foreach (var column in Enum.GetValues<CsvColumn>())
        {
            aliases[NormalizeHeader(Headers[(int)column])] = column;
            aliases[NormalizeHeader(column.ToString())] = column;
        }
        aliases["systemname"] = CsvColumn.System;
        aliases["name"] = CsvColumn.System;
        aliases["systemtype"] = CsvColumn.Type;
        aliases["vendorname"] = CsvColumn.Vendor;
        aliases["dpa"] = CsvColumn.DataProcessingAgreement;
        aliases["businessowner"] = CsvColumn.BusinessOwner;
        aliases["owner"] = CsvColumn.BusinessOwner;
        aliases["owneremail"] = CsvColumn.BusinessOwner;
        aliases["encrypted"] = CsvColumn.EncryptedAtRest;
        aliases["admintwofactor"] = CsvColumn.AdminTwoFactor;
        aliases["records"] = CsvColumn.ApproximateRecords;
        aliases["approxrecords"] = CsvColumn.ApproximateRecords;
        aliases["retentionrule"] = CsvColumn.Retention;
        return aliases;
    }
}
