using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Certificates;
using SecurityHub.Checklist;
using SecurityHub.Email;
using SecurityHub.Inventory;
using SecurityHub.Jobs;
using SecurityHub.Organization;
using SecurityHub.Team;

namespace SecurityHub.Data;

public class ApplicationDbContext(DbContextOptions<ApplicationDbContext> options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<OrganizationProfile> Organizations => Set<OrganizationProfile>();
    public DbSet<SetupState> SetupStates => Set<SetupState>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<EmailSettings> EmailSettings => Set<EmailSettings>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<CertificateEndpoint> CertificateEndpoints => Set<CertificateEndpoint>();
    public DbSet<CertificateCheck> CertificateChecks => Set<CertificateCheck>();
    public DbSet<CertificateAlert> CertificateAlerts => Set<CertificateAlert>();
    public DbSet<InventorySystem> InventorySystems => Set<InventorySystem>();
    public DbSet<DataItem> DataItems => Set<DataItem>();
    public DbSet<DataItemShare> DataItemShares => Set<DataItemShare>();
    public DbSet<StoredFinding> StoredFindings => Set<StoredFinding>();
    public DbSet<FindingsEvaluation> FindingsEvaluations => Set<FindingsEvaluation>();
    public DbSet<CertificateSettings> CertificateSettings => Set<CertificateSettings>();
    public DbSet<ControlStatus> ChecklistStatuses => Set<ControlStatus>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ApplicationDbContext).Assembly);
    }
}
