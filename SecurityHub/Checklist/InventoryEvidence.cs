using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Data;
using SecurityHub.Inventory;

namespace SecurityHub.Checklist;

/// <summary>
/// Controls 1, 2, 4, 6, 8, 9 and 16 from the inventory: the stored findings (kept current by every save, see
/// <see cref="FindingStore"/>) over how many systems or items each rule could have flagged.
/// </summary>
public sealed class InventoryEvidence(IDbContextFactory<ApplicationDbContext> factory, FindingStore store, TimeProvider clock) : IControlEvidence
{
    public async Task<IReadOnlyList<EvidenceReading>> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await store.EnsureCurrentAsync(db, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var findings = await db.StoredFindings.AsNoTracking()
            .Select(f => new { f.Rule, f.SystemId, f.DataItemId }).ToListAsync(cancellationToken);
        var systems = await db.InventorySystems.AsNoTracking().Where(s => !s.IsSuggestion)
            .Select(s => new { s.Id, s.Type, s.UpdatedUtc }).ToListAsync(cancellationToken);
        var items = await db.DataItems.AsNoTracking().Where(i => !i.IsSuggestion && !i.System!.IsSuggestion)
            .Select(i => new { i.Id, i.SystemId, i.Category, i.SensitivityOverride, i.System!.Type, i.UpdatedUtc }).ToListAsync(cancellationToken);
        var verified = systems.Select(s => s.UpdatedUtc).Concat(items.Select(i => i.UpdatedUtc)).DefaultIfEmpty(now).Max();
        verified = verified > now ? now : verified;

        IEnumerable<int> SystemsWith(params FindingRule[] rules) => findings.Where(f => rules.Contains(f.Rule)).Select(f => f.SystemId).Distinct();
        IEnumerable<int> ItemsWith(params FindingRule[] rules) => findings.Where(f => rules.Contains(f.Rule) && f.DataItemId != null).Select(f => f.DataItemId!.Value).Distinct();

        var digital = systems.Where(s => s.Type != SystemType.PaperRecords).ToList();
        var sensitive = items.Where(i => i.Type != SystemType.PaperRecords
            && (i.SensitivityOverride ?? DataCatalog.DefaultSensitivity(i.Category)) >= Sensitivity.High).ToList();
        var sensitiveSystems = sensitive.Select(i => i.SystemId).Distinct().Count();
        var cards = items.Count(i => i.Category == DataCategory.PaymentCardNumbers);

        var readings = new List<EvidenceReading>();
        void Add(string id, double coverage, string explanation) => readings.Add(new(id, Math.Clamp(coverage, 0, 1), explanation, verified));

        if (systems.Count == 0)
        {
            const string empty = "The inventory is empty, so SecurityHub cannot see this yet. Add the systems that hold customer data.";
            foreach (var id in new[] { ControlCatalog.Inventory, ControlCatalog.Retention, ControlCatalog.EncryptionAtRest, ControlCatalog.AdminTwoFactor,
                         ControlCatalog.DefaultPasswords, ControlCatalog.SecureVersions, ControlCatalog.CardProcessor })
            {
                readings.Add(new(id, 0, empty, null));
            }
            return readings;
        }

        var notReviewed = SystemsWith(FindingRule.NotReviewed).Count();
        Add(ControlCatalog.Inventory, 1 - Share(notReviewed, systems.Count),
            notReviewed == 0 ? $"{Count(systems.Count, "system")} in the inventory, all reviewed in the last 12 months."
                : $"{Count(notReviewed, "system")} of {systems.Count} (or their data) not reviewed in the last 12 months.");

        var unruled = ItemsWith(FindingRule.RetentionNotSet, FindingRule.PastRetention).Count();
        Add(ControlCatalog.Retention, items.Count == 0 ? 1 : 1 - Share(unruled, items.Count),
            items.Count == 0 ? "No data items recorded yet." : unruled == 0 ? $"All {Count(items.Count, "data item")} have a retention rule and nothing is kept past it."
                : $"{Count(unruled, "data item")} of {items.Count} have no retention rule or are kept past it.");

        var unencrypted = ItemsWith(FindingRule.SensitiveDataNotEncrypted).Count();
        Add(ControlCatalog.EncryptionAtRest, sensitive.Count == 0 ? 1 : 1 - Share(unencrypted, sensitive.Count),
            sensitive.Count == 0 ? "No high or restricted data is held in a digital system."
                : unencrypted == 0 ? $"All {Count(sensitive.Count, "high or restricted data item")} are in systems encrypted at rest."
                : $"{Count(unencrypted, "high or restricted data item")} of {sensitive.Count} are in systems not known to be encrypted at rest.");

        var noAdmin2Fa = SystemsWith(FindingRule.AdminWithoutTwoFactor).Count();
        Add(ControlCatalog.AdminTwoFactor, sensitiveSystems == 0 ? 1 : 1 - Share(noAdmin2Fa, sensitiveSystems),
            sensitiveSystems == 0 ? "No digital system holds high or restricted data."
                : noAdmin2Fa == 0 ? $"Admin two-factor sign-in is on in all {Count(sensitiveSystems, "system")} holding sensitive data."
                : $"{Count(noAdmin2Fa, "system")} of {sensitiveSystems} holding sensitive data lack admin two-factor sign-in (or it is unknown).");

        var defaults = SystemsWith(FindingRule.DefaultPasswords).Count();
        Add(ControlCatalog.DefaultPasswords, digital.Count == 0 ? 1 : 1 - Share(defaults, digital.Count),
            digital.Count == 0 ? "No digital systems in the inventory." : defaults == 0 ? $"Default passwords are changed in all {Count(digital.Count, "digital system")}."
                : $"{Count(defaults, "system")} of {digital.Count} may still have default passwords.");

        var outdated = SystemsWith(FindingRule.UnsupportedSoftware, FindingRule.UpdatesNotAutomatic).Count();
        Add(ControlCatalog.SecureVersions, digital.Count == 0 ? 1 : 1 - Share(outdated, digital.Count),
            digital.Count == 0 ? "No digital systems in the inventory." : outdated == 0 ? $"All {Count(digital.Count, "digital system")} update automatically and are supported."
                : $"{Count(outdated, "system")} of {digital.Count} are past end of life or do not update automatically.");

        var stray = ItemsWith(FindingRule.CardNumbersOutsideProcessor).Count();
        Add(ControlCatalog.CardProcessor, cards == 0 ? 1 : 1 - Share(stray, cards),
            stray == 0 ? "No card numbers are stored outside a payment processor." : $"Card numbers are stored outside a payment processor in {Count(stray, "place")}.");
        return readings;
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n:N0} {noun}{(n == 1 ? "" : "s")}");
}
