namespace SecurityHub.Inventory;

/// <summary>The newcomer's answers to "what does your business use?".</summary>
public sealed record GuidedAnswers(bool HasWebsiteOrShop, bool TakesCardPayments, bool SendsNewsletters, bool UsesAccounting,
    bool HasPointOfSale = false, bool UsesSpreadsheets = false, bool KeepsPaperRecords = false)
{
    public override string ToString() => string.Join(", ", new[]
    {
        HasWebsiteOrShop ? "website or shop" : null,
        TakesCardPayments ? "card payments" : null,
        SendsNewsletters ? "newsletters" : null,
        UsesAccounting ? "accounting software" : null,
        HasPointOfSale ? "point of sale" : null,
        UsesSpreadsheets ? "spreadsheets" : null,
        KeepsPaperRecords ? "paper records" : null,
    }.Where(a => a is not null).DefaultIfEmpty("none"));
}

/// <summary>Typical systems and data items for a small business, pre-filled as suggestions to confirm or delete.</summary>
public static class GuidedInventory
{
    public static IReadOnlyList<InventorySystem> Suggest(GuidedAnswers answers)
    {
        var systems = new List<InventorySystem>();
        if (answers.HasWebsiteOrShop)
        {
            systems.Add(System("Website and online shop", SystemType.Website, SystemOperator.Vendor, "your shop platform",
                Item(DataCategory.Names, "Fulfil orders and address customers", 2, RetentionTrigger.AfterLastPurchase),
                Item(DataCategory.EmailAddresses, "Order confirmations and account sign-in", 2, RetentionTrigger.AfterLastPurchase),
                Item(DataCategory.PostalAddresses, "Deliver orders", 2, RetentionTrigger.AfterLastPurchase),
                Item(DataCategory.PurchaseHistory, "Returns, warranties and customer service", 6, RetentionTrigger.AfterCollection),
                Item(DataCategory.AccountPasswords, "Customer accounts (stored hashed by the platform)", 0, RetentionTrigger.UntilAccountClosed)));
        }
        if (answers.TakesCardPayments)
        {
            systems.Add(System("Card payments", SystemType.PaymentProcessor, SystemOperator.Vendor, "your payment processor",
                Item(DataCategory.PaymentCardNumbers, "Take payments (held by the processor, not by you)", 0, RetentionTrigger.NotSet),
                Item(DataCategory.Names, "Match payments to orders", 6, RetentionTrigger.AfterCollection)));
        }
        if (answers.SendsNewsletters)
        {
            systems.Add(System("Newsletter", SystemType.EmailMarketing, SystemOperator.Vendor, "your email marketing service",
                Item(DataCategory.EmailAddresses, "Send the newsletter to people who signed up", 0, RetentionTrigger.UntilAccountClosed),
                Item(DataCategory.Names, "Personalise the newsletter", 0, RetentionTrigger.UntilAccountClosed)));
        }
        if (answers.UsesAccounting)
        {
            systems.Add(System("Accounting", SystemType.Accounting, SystemOperator.Vendor, "your accounting software",
                Item(DataCategory.Names, "Invoices and tax records", 6, RetentionTrigger.AfterCollection),
                Item(DataCategory.PostalAddresses, "Invoices", 6, RetentionTrigger.AfterCollection),
                Item(DataCategory.BankDetails, "Refunds and supplier payments", 6, RetentionTrigger.AfterCollection)));
        }
        if (answers.HasPointOfSale)
        {
            systems.Add(System("Till (point of sale)", SystemType.PointOfSale, SystemOperator.Vendor, "your till provider",
                Item(DataCategory.PurchaseHistory, "Sales records and refunds", 6, RetentionTrigger.AfterCollection),
                Item(DataCategory.EmailAddresses, "Email receipts", 2, RetentionTrigger.AfterLastPurchase)));
        }
        if (answers.UsesSpreadsheets)
        {
            systems.Add(System("Customer spreadsheet", SystemType.Spreadsheet, SystemOperator.InHouse, "",
                Item(DataCategory.Names, "", 0, RetentionTrigger.NotSet),
                Item(DataCategory.PhoneNumbers, "", 0, RetentionTrigger.NotSet),
                Item(DataCategory.EmailAddresses, "", 0, RetentionTrigger.NotSet)));
        }
        if (answers.KeepsPaperRecords)
        {
            systems.Add(System("Paper order book", SystemType.PaperRecords, SystemOperator.InHouse, "",
                Item(DataCategory.Names, "Orders taken by phone or in person", 1, RetentionTrigger.AfterCollection),
                Item(DataCategory.PhoneNumbers, "Call back about orders", 1, RetentionTrigger.AfterCollection)));
        }
        return systems;
    }

    // Vendor names are placeholders in lower case, so findings read "Ask your payment processor to confirm…"
    // until the owner writes in the real name.
    private static InventorySystem System(string name, SystemType type, SystemOperator op, string vendor, params DataItem[] items) => new()
    {
        Name = name,
        Type = type,
        Operator = op,
        VendorName = vendor,
        Updates = op == SystemOperator.Vendor ? UpdatePolicy.Automatic : UpdatePolicy.Unknown,
        IsSuggestion = true,
        Items = items.ToList(),
    };

    private static DataItem Item(DataCategory category, string purpose, int years, RetentionTrigger trigger) => new()
    {
        Category = category,
        Purpose = purpose,
        RetentionTrigger = trigger,
        RetentionAmount = trigger == RetentionTrigger.NotSet ? 0 : years,
        RetentionUnit = RetentionUnit.Years,
        IsSuggestion = true,
    };
}
