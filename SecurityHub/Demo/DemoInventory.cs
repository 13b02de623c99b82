using Microsoft.EntityFrameworkCore;
using SecurityHub.Data;
using SecurityHub.Inventory;

namespace SecurityHub.Demo;

/// <summary>
/// The demo bakery's customer-data inventory: mostly tidy, with a few findings on purpose (a spreadsheet of
/// allergy notes with no retention or encryption, a till with its default PIN, an unsupported office PC,
/// a newsletter vendor without a data processing agreement, a paper order book kept too long).
/// Vendors are fictional.
/// </summary>
public static class DemoInventory
{
    public static async Task SeedAsync(ApplicationDbContext db, DateTime nowUtc, DateOnly today, CancellationToken cancellationToken)
    {
        var people = await db.Users.Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken);
        string? Person(string email) => people.FirstOrDefault(p => p.Email == email)?.Id;
        var owner = Person(DemoSeeder.People[0].Email);
        var manager = Person(DemoSeeder.People[1].Email);
        var recently = today.AddMonths(-2);

        InventorySystem System(string name, SystemType type, string vendor, string? ownerId, Action<InventorySystem>? facts, params DataItem[] items)
        {
            var system = new InventorySystem
            {
                Name = name,
                Type = type,
                Operator = vendor.Length > 0 ? SystemOperator.Vendor : SystemOperator.InHouse,
                VendorName = vendor,
                VendorContact = vendor.Length > 0 ? $"privacy@{vendor.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal)}.example" : "",
                HasDpa = vendor.Length > 0 ? Answer.Yes : Answer.Unknown,
                OwnerUserId = ownerId,
                EncryptedAtRest = Answer.Yes,
                AdminTwoFactor = Answer.Yes,
                DefaultPasswordsChanged = Answer.Yes,
                Updates = UpdatePolicy.Automatic,
                LastReviewed = recently,
                CreatedUtc = nowUtc,
                UpdatedUtc = nowUtc,
                Items = items.ToList(),
            };
            facts?.Invoke(system);
            foreach (var item in system.Items)
            {
                item.CreatedUtc = item.UpdatedUtc = nowUtc;
                item.LastReviewed ??= system.LastReviewed;
            }
            db.InventorySystems.Add(system);
            return system;
        }

        DataItem Item(DataCategory category, string purpose, int? records, RetentionTrigger trigger, int amount, RetentionUnit unit, string deletion, Action<DataItem>? more = null)
        {
            var item = new DataItem
            {
                Category = category,
                Purpose = purpose,
                ApproxRecords = records,
                RetentionTrigger = trigger,
                RetentionAmount = amount,
                RetentionUnit = unit,
                DeletionMethod = deletion,
            };
            more?.Invoke(item);
            return item;
        }

        var shop = System("Online shop", SystemType.Website, "Shopwise", owner, s => s.AdminUrl = "https://admin.shopwise.example/crumbandco",
            Item(DataCategory.Names, "Fulfil orders and address customers", 2400, RetentionTrigger.AfterLastPurchase, 2, RetentionUnit.Years, "Shopwise's customer purge, run monthly"),
            Item(DataCategory.EmailAddresses, "Order confirmations and account sign-in", 2400, RetentionTrigger.AfterLastPurchase, 2, RetentionUnit.Years, "Shopwise's customer purge, run monthly"),
            Item(DataCategory.PostalAddresses, "Deliver orders", 1800, RetentionTrigger.AfterLastPurchase, 2, RetentionUnit.Years, "Shopwise's customer purge, run monthly"),
            Item(DataCategory.PurchaseHistory, "Returns and customer service", 9000, RetentionTrigger.AfterCollection, 6, RetentionUnit.Years, "Deleted with the customer record"),
            Item(DataCategory.AccountPasswords, "Customer sign-in (stored hashed by Shopwise)", 1200, RetentionTrigger.UntilAccountClosed, 0, RetentionUnit.Days, "Removed when the account is closed"));
        var payments = System("Card payments", SystemType.PaymentProcessor, "PayBridge", owner, null,
            Item(DataCategory.PaymentCardNumbers, "Take payments (held by PayBridge; we only see tokens)", 2400, RetentionTrigger.AfterCollection, 18, RetentionUnit.Months, "PayBridge retention policy"),
            Item(DataCategory.Names, "Match payments to orders", 2400, RetentionTrigger.AfterCollection, 6, RetentionUnit.Years, "PayBridge retention policy"));
        var newsletter = System("Newsletter", SystemType.EmailMarketing, "Mailfox", manager, s => { s.HasDpa = Answer.Unknown; s.AdminTwoFactor = Answer.Unknown; },
            Item(DataCategory.EmailAddresses, "Send the monthly newsletter to people who signed up", 950, RetentionTrigger.UntilAccountClosed, 30, RetentionUnit.Days, "Unsubscribed contacts deleted monthly"),
            Item(DataCategory.Names, "Personalise the newsletter", 950, RetentionTrigger.UntilAccountClosed, 30, RetentionUnit.Days, "Unsubscribed contacts deleted monthly"));
        System("Accounting", SystemType.Accounting, "LedgerLite", owner, s => s.AdminTwoFactor = Answer.No,
            Item(DataCategory.Names, "Invoices and tax records", 300, RetentionTrigger.AfterCollection, 6, RetentionUnit.Years, "Yearly clean-up after the tax year closes"),
            Item(DataCategory.BankDetails, "Refunds to wholesale customers", 40, RetentionTrigger.UntilContractEnds, 6, RetentionUnit.Years, "Yearly clean-up after the tax year closes"));
        System("Custom cake orders spreadsheet", SystemType.Spreadsheet, "", manager, s =>
            {
                s.EncryptedAtRest = Answer.Unknown;
                s.DefaultPasswordsChanged = Answer.Unknown;
                s.Updates = UpdatePolicy.Manual;
                s.Notes = "Shared drive on the back-office PC.";
            },
            Item(DataCategory.Names, "Custom cake orders", 400, RetentionTrigger.AfterCollection, 1, RetentionUnit.Years, "Rows deleted by hand"),
            Item(DataCategory.PhoneNumbers, "Call about collection times", 400, RetentionTrigger.AfterCollection, 1, RetentionUnit.Years, "Rows deleted by hand"),
            Item(DataCategory.HealthInformation, "Allergy notes so cakes are safe", 120, RetentionTrigger.NotSet, 0, RetentionUnit.Days, ""));
        System("Till (point of sale)", SystemType.PointOfSale, "TillPoint", manager, s => s.DefaultPasswordsChanged = Answer.No,
            Item(DataCategory.PurchaseHistory, "Sales records and refunds", 30000, RetentionTrigger.AfterCollection, 6, RetentionUnit.Years, "TillPoint archive policy"),
            Item(DataCategory.EmailAddresses, "Email receipts", 600, RetentionTrigger.AfterLastPurchase, 1, RetentionUnit.Years, "TillPoint archive policy"));
        System("Back-office PC", SystemType.OnPremisesComputer, "", owner, s =>
            {
                s.Updates = UpdatePolicy.Unsupported;
                s.EndOfLife = new DateOnly(2025, 10, 14);
                s.LastReviewed = today.AddMonths(-14);
            },
            Item(DataCategory.Names, "Printed delivery labels", 200, RetentionTrigger.AfterCollection, 3, RetentionUnit.Months, "Files deleted each quarter"));
        System("Paper order book", SystemType.PaperRecords, "", manager, null,
            Item(DataCategory.Names, "Orders taken by phone or in person", 500, RetentionTrigger.AfterCollection, 1, RetentionUnit.Years, "Shredded", i => i.OldestRecord = today.AddYears(-3)),
            Item(DataCategory.PhoneNumbers, "Call back about orders", 500, RetentionTrigger.AfterCollection, 1, RetentionUnit.Years, "Shredded", i => i.OldestRecord = today.AddYears(-3)));
        await db.SaveChangesAsync(cancellationToken);

        // Data flows: the shop passes names to the processor and emails to the newsletter.
        Share(shop, DataCategory.Names, payments);
        Share(shop, DataCategory.EmailAddresses, newsletter);
        Share(shop, DataCategory.Names, newsletter);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Share(InventorySystem from, DataCategory category, InventorySystem to) =>
        from.Items.Single(i => i.Category == category).SharedWith.Add(new DataItemShare { SystemId = to.Id });
}
