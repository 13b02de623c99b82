using System.Globalization;

namespace SecurityHub.Inventory;

public enum ImportAction
{
    AddSystem,
    UpdateSystem,
    AddItem,
    UpdateItem,
    Unchanged,
}

/// <summary>A problem in an upload: the spreadsheet row (1 is the header, 0 the whole file), the column's header and what to do.</summary>
public sealed record ImportProblem(int Row, string Column, string Message);

/// <summary>One row of the preview: what importing it would do, or why it cannot be imported.</summary>
public sealed class ImportRow
{
    public int Row { get; init; }
    public string System { get; init; } = "";
    public string Item { get; set; } = "";
    public ImportAction Action { get; set; } = ImportAction.Unchanged;
    public string Changes { get; set; } = "";
    public List<ImportProblem> Problems { get; } = [];
    public bool HasProblems => Problems.Count > 0;

    public string ActionText => Action switch
    {
        ImportAction.AddSystem => "Add system",
        ImportAction.UpdateSystem => "Update system",
        ImportAction.AddItem => "Add data item",
        ImportAction.UpdateItem => "Update data item",
        _ => "Unchanged",
    };
}

/// <summary>What an upload would do, row by row. Holds the parsed file so the import can check it again against the latest inventory.</summary>
public sealed class ImportPreview
{
    /// <summary>Problems listed in <see cref="Problems"/>; the rest are counted in <see cref="ProblemCount"/>.</summary>
    public const int MaxListedProblems = 300;

    internal ImportPreview(string fileName, CsvFile file, IReadOnlyList<ImportRow> rows)
    {
        FileName = fileName;
        File = file;
        Rows = rows;
        FileProblems = file.Problems;
        ProblemCount = file.Problems.Count + rows.Sum(r => r.Problems.Count);
        Problems = file.Problems.Concat(rows.SelectMany(r => r.Problems)).Take(MaxListedProblems).ToList();
        WithProblems = rows.Count(r => r.HasProblems);
        ToAdd = rows.Count(r => !r.HasProblems && r.Action is ImportAction.AddSystem or ImportAction.AddItem);
        ToUpdate = rows.Count(r => !r.HasProblems && r.Action is ImportAction.UpdateSystem or ImportAction.UpdateItem);
        Unchanged = rows.Count(r => !r.HasProblems && r.Action == ImportAction.Unchanged);
    }

    public string FileName { get; }
    public IReadOnlyList<ImportRow> Rows { get; }

    /// <summary>Problems with the file as a whole (empty, too large, wrong header): nothing in it can be imported.</summary>
    public IReadOnlyList<ImportProblem> FileProblems { get; }
    public int ToAdd { get; }
    public int ToUpdate { get; }
    public int Unchanged { get; }
    public int WithProblems { get; }

    internal CsvFile File { get; }

    /// <summary>Whether some rows can be imported at all (the file was read and has rows).</summary>
    public bool CanImport => FileProblems.Count == 0 && Rows.Count > 0;
    public bool HasProblems => FileProblems.Count > 0 || WithProblems > 0;

    /// <summary>The first <see cref="MaxListedProblems"/> problems, file problems first.</summary>
    public IReadOnlyList<ImportProblem> Problems { get; }

    /// <summary>Every problem found, listed or not.</summary>
    public int ProblemCount { get; }

    public string Summary => FileProblems.Count > 0
        ? "The file cannot be imported."
        : $"{Rows.Count:N0} row{(Rows.Count == 1 ? "" : "s")}: {ToAdd:N0} to add, {ToUpdate:N0} to update, {Unchanged:N0} unchanged, {WithProblems:N0} with problems";
}

/// <summary>The outcome of an import. When <see cref="Imported"/> is false nothing was saved and the preview says why.</summary>
public sealed record ImportResult(bool Imported, ImportPreview Preview, int RowsAdded, int RowsUpdated, int RowsUnchanged, int RowsSkipped, string Message);

internal sealed class SystemPlan(string name, InventorySystem? existing, int firstRow)
{
    public string Name { get; } = name;
    public InventorySystem? Existing { get; } = existing;
    public int FirstRow { get; } = firstRow;
    public SystemInput Input { get; set; } = new();
    public bool Blocked { get; set; }
    public bool Changed { get; set; }
    public string Changes { get; set; } = "";
    public List<RowPlan> Rows { get; } = [];
    public Dictionary<(DataCategory, string), int> ItemRows { get; } = [];
    public InventorySystem? Target { get; set; }

    /// <summary>A system is written when its details are valid and at least one of its rows is.</summary>
    public bool Applies => !Blocked && Rows.Any(r => !r.Report.HasProblems);
}

internal sealed class RowPlan(CsvRecord record, ImportRow report)
{
    public CsvRecord Record { get; } = record;
    public ImportRow Report { get; } = report;
    public SystemPlan? System { get; set; }
    public DataItemInput? Item { get; set; }
    public DataItem? ExistingItem { get; set; }

    /// <summary>The systems the item is shared with, by name; null when the file has no "Shared with" column (shares are kept).</summary>
    public List<string>? Shares { get; set; }
    public bool ItemChanged { get; set; }
    public string ItemChanges { get; set; } = "";

    public void Problem(CsvColumn? column, string message) =>
        Report.Problems.Add(new ImportProblem(Record.Row, column is { } c ? InventoryCsv.Header(c) : "", message));
}

internal sealed class ImportPlan
{
    public List<RowPlan> Rows { get; } = [];
    public List<SystemPlan> Systems { get; } = [];
}

/// <summary>
/// Decides what each row of an upload does to the inventory, with the same field rules as the forms
/// (<see cref="InventoryRules"/>). Systems match by name ignoring case; items by system, category and other category.
/// A column the file leaves out keeps the stored values; an empty cell clears the value. Nothing is ever deleted.
/// </summary>
internal sealed class ImportPlanner
{
    private readonly Dictionary<string, InventorySystem> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, InventorySystem> _byId = [];
    private readonly IReadOnlyDictionary<string, string> _userIdByEmail;
    private readonly IReadOnlyDictionary<string, string> _emailByUserId;
    private readonly DateOnly _today;

    public ImportPlanner(IEnumerable<InventorySystem> systems, IReadOnlyDictionary<string, string> userIdByEmail,
        IReadOnlyDictionary<string, string> emailByUserId, DateOnly today)
    {
        foreach (var system in systems)
        {
            _byName.TryAdd(system.Name, system);
            _byId[system.Id] = system;
        }
        _userIdByEmail = userIdByEmail;
        _emailByUserId = emailByUserId;
        _today = today;
    }

    public IReadOnlyDictionary<string, InventorySystem> ExistingByName => _byName;

    public ImportPlan Plan(CsvFile file)
    {
        var plan = new ImportPlan();
        var groups = new Dictionary<string, SystemPlan>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in file.Records)
        {
            var name = InventoryRules.Tidy(record[CsvColumn.System]);
            var row = new RowPlan(record, new ImportRow { Row = record.Row, System = InventoryCsv.Limit(name, 80) });
            plan.Rows.Add(row);
            if (record.Malformed is not null)
            {
                row.Problem(null, "This row has a quote (\") that is not closed, or one in the middle of a cell. Check the row in your spreadsheet.");
            }
            if (record.HasExtraCells)
            {
                row.Problem(null, "This row has more cells than the header has columns. A value with a comma or semicolon in it needs quotes.");
            }
            if (name.Length == 0)
            {
                row.Problem(CsvColumn.System, "Name the system this row belongs to, such as \"Online shop\" or \"Customer spreadsheet\".");
                continue;
            }
            if (!groups.TryGetValue(name, out var group))
            {
                group = new SystemPlan(name, _byName.GetValueOrDefault(name), record.Row);
                groups.Add(name, group);
                plan.Systems.Add(group);
            }
            row.System = group;
            group.Rows.Add(row);
        }

        foreach (var group in plan.Systems)
        {
            PlanSystem(group, file);
        }
        foreach (var row in plan.Rows.Where(r => r.System is not null))
        {
            PlanItem(row, file, groups);
        }

        // With "valid rows only", a new system whose rows all have problems is not created, so rows sharing with it cannot be imported either.
        for (var changed = true; changed;)
        {
            changed = false;
            var dropped = plan.Systems.Where(s => s.Existing is null && !s.Applies).Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (dropped.Count == 0)
            {
                break;
            }
            foreach (var row in plan.Rows.Where(r => !r.Report.HasProblems && r.Shares is not null))
            {
                if (row.Shares!.FirstOrDefault(dropped.Contains) is { } name)
                {
                    row.Problem(CsvColumn.SharedWith, $"\"{InventoryCsv.Limit(name)}\" is not imported because its own rows have problems, so this row cannot share with it.");
                    changed = true;
                }
            }
        }

        foreach (var row in plan.Rows.Where(r => r.System is not null))
        {
            Describe(row);
        }
        return plan;
    }

    private void PlanSystem(SystemPlan group, CsvFile file)
    {
        var input = group.Existing is { } existing ? SystemInput.From(existing) : new SystemInput();
        input.Name = group.Name;
        var rowOf = group.Rows.ToDictionary(r => r.Record.Row);
        var source = new Dictionary<CsvColumn, (int Row, string Value)>();

        // One system has one value per column: the first filled-in cell wins; a different one later is a conflict in that row.
        for (var c = CsvColumn.Type; c < CsvColumn.Category; c++)
        {
            if (!file.Has(c))
            {
                continue;
            }
            (int Row, string Value)? first = null;
            var firstKey = "";
            foreach (var row in group.Rows)
            {
                var raw = row.Record[c];
                if (string.IsNullOrWhiteSpace(raw))
                {
                    continue;
                }
                if (first is null)
                {
                    first = (row.Record.Row, raw);
                    firstKey = Canonical(c, raw);
                }
                else if (raw != first.Value.Value && Canonical(c, raw) != firstKey)
                {
                    row.Problem(c, $"This system's {InventoryCsv.Header(c)} is \"{InventoryCsv.Limit(InventoryRules.Tidy(first.Value.Value))}\" in row {first.Value.Row} " +
                        $"but \"{InventoryCsv.Limit(InventoryRules.Tidy(raw))}\" here. A system has one value: make its rows agree, or leave this cell empty.");
                }
            }
            source[c] = first ?? (group.FirstRow, "");
        }

        var problems = new List<(int Row, CsvColumn Column, string Message)>();
        void Fail(CsvColumn column, string message) =>
            problems.Add((source.TryGetValue(column, out var s) ? s.Row : group.FirstRow, column, message));
        string? Cell(CsvColumn column) => source.TryGetValue(column, out var s) ? s.Value : null;

        if (Cell(CsvColumn.Type) is { } type)
        {
            if (string.IsNullOrWhiteSpace(type))
            {
                Fail(CsvColumn.Type, $"Say what kind of system this is: {string.Join(", ", DataCatalog.Labels<SystemType>())}.");
            }
            else if (Parse<SystemType>(type, out var parsed))
            {
                input.Type = parsed;
            }
            else
            {
                Fail(CsvColumn.Type, $"\"{InventoryCsv.Limit(type.Trim())}\" is not a type of system. Use one of: {string.Join(", ", DataCatalog.Labels<SystemType>())}.");
            }
        }
        else if (group.Existing is null)
        {
            Fail(CsvColumn.Type, "Say what kind of system this is.");
        }
        Text(CsvColumn.Vendor, v => input.VendorName = v);
        Text(CsvColumn.VendorContact, v => input.VendorContact = v);
        var vendorGiven = InventoryRules.Tidy(input.VendorName).Length > 0;
        if (Cell(CsvColumn.Operator) is { } op && !string.IsNullOrWhiteSpace(op))
        {
            if (Parse<SystemOperator>(op, out var parsed))
            {
                input.Operator = parsed;
            }
            else
            {
                Fail(CsvColumn.Operator, $"\"{InventoryCsv.Limit(op.Trim())}\" is not an operator. Use \"In-house\" or \"Third-party vendor\".");
            }
        }
        else if (Cell(CsvColumn.Operator) is not null || group.Existing is null)
        {
            // Left empty: a named vendor means a third party runs it.
            input.Operator = vendorGiven ? SystemOperator.Vendor : SystemOperator.InHouse;
        }
        YesNo(CsvColumn.DataProcessingAgreement, a => input.HasDpa = a);
        YesNo(CsvColumn.EncryptedAtRest, a => input.EncryptedAtRest = a);
        YesNo(CsvColumn.AdminTwoFactor, a => input.AdminTwoFactor = a);
        YesNo(CsvColumn.DefaultPasswordsChanged, a => input.DefaultPasswordsChanged = a);
        if (Cell(CsvColumn.Updates) is { } updates)
        {
            if (string.IsNullOrWhiteSpace(updates))
            {
                input.Updates = UpdatePolicy.Unknown;
            }
            else if (Parse<UpdatePolicy>(updates, out var parsed))
            {
                input.Updates = parsed;
            }
            else
            {
                Fail(CsvColumn.Updates, $"\"{InventoryCsv.Limit(updates.Trim())}\" is not an update policy. Use one of: {string.Join(", ", DataCatalog.Labels<UpdatePolicy>())}.");
            }
        }
        if (Cell(CsvColumn.BusinessOwner) is { } owner)
        {
            var email = owner.Trim();
            if (email.Length == 0)
            {
                input.OwnerUserId = null;
            }
            else if (_userIdByEmail.TryGetValue(email, out var userId))
            {
                input.OwnerUserId = userId;
            }
            else
            {
                Fail(CsvColumn.BusinessOwner, $"No team member has the email \"{InventoryCsv.Limit(email)}\". Invite them first, or leave the cell empty.");
            }
        }
        Text(CsvColumn.AdminUrl, v => input.AdminUrl = v);
        Date(CsvColumn.EndOfLife, d => input.EndOfLife = d);
        Date(CsvColumn.SystemLastReviewed, d => input.LastReviewed = d);
        Text(CsvColumn.SystemNotes, v => input.Notes = v);

        if (input.Operator == SystemOperator.InHouse && vendorGiven && file.Has(CsvColumn.Vendor))
        {
            Fail(CsvColumn.Vendor, "A vendor is only recorded for a system a third party runs. Set Operator to \"Third-party vendor\", or clear this cell.");
        }
        if (input.EndOfLife is not null && input.Updates != UpdatePolicy.Unsupported && file.Has(CsvColumn.EndOfLife))
        {
            Fail(CsvColumn.EndOfLife, "An end-of-life date only applies when Updates is \"Unsupported\". Change Updates, or clear this cell.");
        }
        foreach (var (field, message) in InventoryRules.Validate(input, _today))
        {
            var column = SystemField(field);
            if (column == CsvColumn.System)
            {
                problems.Add((group.FirstRow, column, message));
            }
            else
            {
                Fail(column, message);
            }
        }

        group.Input = input;
        if (problems.Count > 0)
        {
            group.Blocked = true;
            foreach (var (row, column, message) in problems.DistinctBy(p => (p.Row, p.Column)))
            {
                rowOf[row].Problem(column, message);
            }
            var first = problems.Min(p => p.Row);
            foreach (var row in group.Rows.Where(r => problems.All(p => p.Row != r.Record.Row)))
            {
                row.Problem(CsvColumn.System, $"Not imported: the details of \"{InventoryCsv.Limit(group.Name)}\" have a problem in row {first}.");
            }
            return;
        }
        if (group.Existing is null)
        {
            group.Changed = true;
            return;
        }
        var after = new InventorySystem();
        input.ApplyTo(after);
        group.Changes = InventoryDescriber.Changes(DescribeSystem(group.Existing), DescribeSystem(after));
        group.Changed = group.Changes.Length > 0 || group.Existing.IsSuggestion;

        void Text(CsvColumn column, Action<string> set)
        {
            if (Cell(column) is { } value)
            {
                set(value);
            }
        }

        void YesNo(CsvColumn column, Action<Answer> set)
        {
            if (Cell(column) is not { } value)
            {
                return;
            }
            if (string.IsNullOrWhiteSpace(value))
            {
                set(Answer.Unknown);
            }
            else if (Parse<Answer>(value, out var parsed))
            {
                set(parsed);
            }
            else
            {
                Fail(column, $"\"{InventoryCsv.Limit(value.Trim())}\" is not an answer. Use Yes, No or Unknown.");
            }
        }

        void Date(CsvColumn column, Action<DateOnly?> set)
        {
            if (Cell(column) is not { } value)
            {
                return;
            }
            if (TryDate(value, out var date))
            {
                set(date);
            }
            else
            {
                Fail(column, DateMessage(value));
            }
        }
    }

    private void PlanItem(RowPlan row, CsvFile file, Dictionary<string, SystemPlan> groups)
    {
        var group = row.System!;
        var record = row.Record;
        if (!Enumerable.Range((int)CsvColumn.Category, InventoryCsv.Headers.Count - (int)CsvColumn.Category).Any(c => record.Has((CsvColumn)c)))
        {
            return; // A row that only describes its system.
        }
        var categories = CategoryList;
        var rawCategory = record[CsvColumn.Category];
        if (string.IsNullOrWhiteSpace(rawCategory))
        {
            row.Problem(CsvColumn.Category, $"Choose the category of this data: {categories}. Leave every data column empty in a row that only describes the system.");
            return;
        }
        if (!Parse<DataCategory>(rawCategory, out var category))
        {
            row.Problem(CsvColumn.Category, $"\"{InventoryCsv.Limit(rawCategory.Trim())}\" is not a category. Use one of: {categories}. " +
                "For anything else, write Other and name it in \"Other category\".");
            return;
        }
        var other = InventoryRules.Tidy(record[CsvColumn.OtherCategory]);
        if (category != DataCategory.Other && other.Length > 0)
        {
            row.Problem(CsvColumn.OtherCategory, "\"Other category\" is only for the category Other. Clear this cell, or set Category to Other.");
            return;
        }
        row.Report.Item = InventoryCsv.Limit(DataCatalog.Label(category, other), 80);
        var key = (category, other.ToUpperInvariant());
        if (!group.ItemRows.TryAdd(key, record.Row))
        {
            row.Problem(category == DataCategory.Other ? CsvColumn.OtherCategory : CsvColumn.Category,
                $"Row {group.ItemRows[key]} already lists {DataCatalog.Label(category, other).ToLowerInvariant()} for \"{InventoryCsv.Limit(group.Name)}\". " +
                "A system lists each category once: merge the two rows.");
            return;
        }
        var existing = group.Existing?.Items.FirstOrDefault(i => i.Category == category && string.Equals(i.OtherCategory, other, StringComparison.OrdinalIgnoreCase));
        row.ExistingItem = existing;
        var input = existing is null ? new DataItemInput() : DataItemInput.From(existing);
        input.Category = category;
        input.OtherCategory = other;

        if (file.Has(CsvColumn.SensitivityOverride))
        {
            var value = record[CsvColumn.SensitivityOverride] ?? "";
            if (string.IsNullOrWhiteSpace(value))
            {
                input.SensitivityOverride = null;
            }
            else if (Parse<Sensitivity>(value, out var level))
            {
                input.SensitivityOverride = level;
            }
            else
            {
                row.Problem(CsvColumn.SensitivityOverride, $"\"{InventoryCsv.Limit(value.Trim())}\" is not a sensitivity. Use Low, Moderate, High or Restricted, or leave it empty for the category's usual sensitivity.");
            }
        }
        if (file.Has(CsvColumn.OverrideReason))
        {
            input.OverrideReason = record[CsvColumn.OverrideReason] ?? "";
        }
        if (file.Has(CsvColumn.Purpose))
        {
            input.Purpose = record[CsvColumn.Purpose] ?? "";
        }
        if (file.Has(CsvColumn.DeletionMethod))
        {
            input.DeletionMethod = record[CsvColumn.DeletionMethod] ?? "";
        }
        if (file.Has(CsvColumn.ApproximateRecords))
        {
            var value = (record[CsvColumn.ApproximateRecords] ?? "").Trim();
            if (value.Length == 0)
            {
                input.ApproxRecords = null;
            }
            else if (!long.TryParse(value.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal),
                NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var records))
            {
                row.Problem(CsvColumn.ApproximateRecords, $"\"{InventoryCsv.Limit(value)}\" is not a whole number. Write roughly how many records there are, such as 1200, or leave it empty.");
            }
            else if (records > InventoryLimits.MaxRecords)
            {
                row.Problem(CsvColumn.ApproximateRecords, "Enter a number of records between 0 and 1,000,000,000, or leave it empty.");
            }
            else
            {
                input.ApproxRecords = (int)records;
            }
        }
        if (file.Has(CsvColumn.Retention))
        {
            var value = record[CsvColumn.Retention] ?? "";
            if (RetentionRule.TryParse(value, out var rule))
            {
                input.Retention = rule;
            }
            else
            {
                row.Problem(CsvColumn.Retention, $"\"{InventoryCsv.Limit(value.Trim())}\" is not a retention rule. Write it like {RetentionRule.Examples}.");
            }
        }
        ItemDate(CsvColumn.OldestRecord, d => input.OldestRecord = d);
        ItemDate(CsvColumn.ItemLastReviewed, d => input.LastReviewed = d);

        foreach (var (field, message) in InventoryRules.Validate(input, _today))
        {
            var column = ItemField(field);
            if (row.Report.Problems.All(p => p.Column != InventoryCsv.Header(column)))
            {
                row.Problem(column, message);
            }
        }
        if (input.SensitivityOverride is null && input.OverrideReason.Length > 0)
        {
            row.Problem(CsvColumn.OverrideReason, "A reason is only kept with a sensitivity override. Fill in \"Sensitivity override\", or clear this cell.");
        }
        row.Item = input;

        var before = existing is null ? [] : existing.SharedWith.Select(s => _byId.TryGetValue(s.SystemId, out var t) ? t.Name : $"#{s.SystemId}").ToList();
        if (file.Has(CsvColumn.SharedWith))
        {
            var (names, unknown) = ParseShares(record[CsvColumn.SharedWith] ?? "", name => groups.ContainsKey(name) || _byName.ContainsKey(name));
            foreach (var name in unknown.Take(3))
            {
                row.Problem(CsvColumn.SharedWith, $"\"{InventoryCsv.Limit(name)}\" is neither a system in this file nor one in the inventory. " +
                    $"Check the spelling, or add a row for it. Separate several systems with \"{InventoryCsv.SharedWithSeparator.Trim()}\".");
            }
            if (names.Any(n => string.Equals(n, group.Name, StringComparison.OrdinalIgnoreCase)))
            {
                row.Problem(CsvColumn.SharedWith, "Data cannot be shared with the system that holds it. Remove it from \"Shared with\".");
            }
            // Existing systems keep their stored name in the description, so a rename elsewhere in the file is not a change here.
            row.Shares = names.Select(n => _byName.TryGetValue(n, out var s) ? s.Name : groups[n].Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }
        if (existing is null)
        {
            row.ItemChanged = true;
            return;
        }
        var after = new DataItem();
        input.ApplyTo(after);
        row.ItemChanges = InventoryDescriber.Changes(DescribeItem(existing, before), DescribeItem(after, row.Shares ?? before));
        row.ItemChanged = row.ItemChanges.Length > 0 || existing.IsSuggestion;

        void ItemDate(CsvColumn column, Action<DateOnly?> set)
        {
            if (!file.Has(column))
            {
                return;
            }
            var value = record[column] ?? "";
            if (TryDate(value, out var date))
            {
                set(date);
            }
            else
            {
                row.Problem(column, DateMessage(value));
            }
        }
    }

    private static void Describe(RowPlan row)
    {
        var group = row.System!;
        var report = row.Report;
        var first = row.Record.Row == group.FirstRow;
        var parts = new List<string>();
        if (group.Existing is null)
        {
            report.Action = first ? ImportAction.AddSystem : row.Item is null ? ImportAction.Unchanged : ImportAction.AddItem;
            if (first)
            {
                parts.Add("New system");
            }
        }
        else if (first && group.Changed)
        {
            parts.Add(group.Changes.Length > 0 ? $"System: {group.Changes}" : "System: confirms the suggestion");
        }
        if (row.Item is not null)
        {
            if (row.ExistingItem is null)
            {
                parts.Add($"New data: {report.Item}");
                if (report.Action != ImportAction.AddSystem)
                {
                    report.Action = ImportAction.AddItem;
                }
            }
            else if (row.ItemChanged)
            {
                parts.Add(row.ItemChanges.Length > 0 ? $"{report.Item}: {row.ItemChanges}" : $"{report.Item}: confirms the suggestion");
                report.Action = ImportAction.UpdateItem;
            }
        }
        if (group.Existing is not null && report.Action == ImportAction.Unchanged && first && group.Changed)
        {
            report.Action = ImportAction.UpdateSystem;
        }
        report.Changes = InventoryCsv.Limit(string.Join(" | ", parts), 600);
    }

    /// <summary>
    /// Splits "Shared with" on semicolons. A system name may itself hold a semicolon, so neighbouring parts
    /// are joined back when together they name a known system.
    /// </summary>
    internal static (List<string> Names, List<string> Unknown) ParseShares(string text, Func<string, bool> known)
    {
        var names = new List<string>();
        var unknown = new List<string>();
        var parts = text.Split(';');
        for (var i = 0; i < parts.Length; i++)
        {
            var match = -1;
            for (var j = parts.Length - 1; j > i; j--)
            {
                if (known(InventoryRules.Tidy(string.Join(';', parts[i..(j + 1)]))))
                {
                    match = j;
                    break;
                }
            }
            var name = InventoryRules.Tidy(match < 0 ? parts[i] : string.Join(';', parts[i..(match + 1)]));
            i = Math.Max(i, match);
            if (name.Length == 0)
            {
                continue;
            }
            (known(name) ? names : unknown).Add(name);
        }
        return (names, unknown);
    }

    internal IReadOnlyDictionary<string, string> DescribeSystem(InventorySystem s)
    {
        var described = new Dictionary<string, string>(InventoryDescriber.Describe(s))
        {
            ["Business owner"] = s.OwnerUserId is { } id ? _emailByUserId.GetValueOrDefault(id, id) : "",
        };
        return described;
    }

    internal static IReadOnlyDictionary<string, string> DescribeItem(DataItem item, IEnumerable<string> sharedWith) =>
        new Dictionary<string, string>(InventoryDescriber.Describe(item))
        {
            ["Shared with"] = string.Join(", ", sharedWith.Order(StringComparer.OrdinalIgnoreCase)),
        };

    private static readonly string CategoryList = string.Join(", ", DataCatalog.Labels<DataCategory>());

    private readonly Dictionary<(Type, string), int> _parsed = [];

    /// <summary><see cref="DataCatalog.TryParse{T}"/>, remembered: a 10,000-row file repeats the same few labels.</summary>
    private bool Parse<T>(string? text, out T value) where T : struct, Enum
    {
        var key = (typeof(T), text ?? "");
        if (!_parsed.TryGetValue(key, out var number))
        {
            number = DataCatalog.TryParse<T>(text, out var parsed) ? Convert.ToInt32(parsed, CultureInfo.InvariantCulture) : -1;
            _parsed[key] = number;
        }
        value = number < 0 ? default : (T)Enum.ToObject(typeof(T), number);
        return number >= 0;
    }

    private string Canonical(CsvColumn column, string raw) => column switch
    {
        CsvColumn.Type => Parse<SystemType>(raw, out var t) ? t.ToString() : raw.Trim().ToUpperInvariant(),
        CsvColumn.Operator => Parse<SystemOperator>(raw, out var o) ? o.ToString() : raw.Trim().ToUpperInvariant(),
        CsvColumn.Updates => Parse<UpdatePolicy>(raw, out var u) ? u.ToString() : raw.Trim().ToUpperInvariant(),
        CsvColumn.DataProcessingAgreement or CsvColumn.EncryptedAtRest or CsvColumn.AdminTwoFactor or CsvColumn.DefaultPasswordsChanged =>
            Parse<Answer>(raw, out var a) ? a.ToString() : raw.Trim().ToUpperInvariant(),
        CsvColumn.BusinessOwner => raw.Trim().ToUpperInvariant(),
        CsvColumn.SystemNotes => InventoryRules.TidyMultiline(raw),
        _ => InventoryRules.Tidy(raw),
    };

    private static bool TryDate(string value, out DateOnly? date)
    {
        date = null;
        var text = value.Trim();
        if (text.Length == 0)
        {
            return true;
        }
        if (DateOnly.TryParseExact(text, InventoryCsv.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }
        return false;
    }

    private static string DateMessage(string value) =>
        $"\"{InventoryCsv.Limit(value.Trim())}\" is not a date in the expected format. Write dates as yyyy-MM-dd, such as 2026-03-31, or leave the cell empty.";

    private static CsvColumn SystemField(string field) => field switch
    {
        nameof(SystemInput.Type) => CsvColumn.Type,
        nameof(SystemInput.Operator) => CsvColumn.Operator,
        nameof(SystemInput.VendorName) => CsvColumn.Vendor,
        nameof(SystemInput.VendorContact) => CsvColumn.VendorContact,
        nameof(SystemInput.HasDpa) => CsvColumn.DataProcessingAgreement,
        nameof(SystemInput.OwnerUserId) => CsvColumn.BusinessOwner,
        nameof(SystemInput.AdminUrl) => CsvColumn.AdminUrl,
        nameof(SystemInput.EncryptedAtRest) => CsvColumn.EncryptedAtRest,
        nameof(SystemInput.AdminTwoFactor) => CsvColumn.AdminTwoFactor,
        nameof(SystemInput.DefaultPasswordsChanged) => CsvColumn.DefaultPasswordsChanged,
        nameof(SystemInput.Updates) => CsvColumn.Updates,
        nameof(SystemInput.EndOfLife) => CsvColumn.EndOfLife,
        nameof(SystemInput.LastReviewed) => CsvColumn.SystemLastReviewed,
        nameof(SystemInput.Notes) => CsvColumn.SystemNotes,
        _ => CsvColumn.System,
    };

    private static CsvColumn ItemField(string field) => field switch
    {
        nameof(DataItemInput.OtherCategory) => CsvColumn.OtherCategory,
        nameof(DataItemInput.SensitivityOverride) => CsvColumn.SensitivityOverride,
        nameof(DataItemInput.OverrideReason) => CsvColumn.OverrideReason,
        nameof(DataItemInput.Purpose) => CsvColumn.Purpose,
        nameof(DataItemInput.ApproxRecords) => CsvColumn.ApproximateRecords,
        nameof(DataItemInput.Retention) => CsvColumn.Retention,
        nameof(DataItemInput.DeletionMethod) => CsvColumn.DeletionMethod,
        nameof(DataItemInput.OldestRecord) => CsvColumn.OldestRecord,
        nameof(DataItemInput.LastReviewed) => CsvColumn.ItemLastReviewed,
        nameof(DataItemInput.SharedWithSystemIds) => CsvColumn.SharedWith,
        _ => CsvColumn.Category,
    };
}
