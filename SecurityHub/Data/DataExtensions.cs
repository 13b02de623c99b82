using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SecurityHub.Data;

public static class DataExtensions
{
    /// <summary>
    /// SQLite in the data directory (WAL, busy timeout), migrations at start-up, a context factory for
    /// components and jobs, and Data Protection keys kept beside the database.
    /// </summary>
    public static void AddData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SecurityHubOptions>()
            .BindConfiguration(SecurityHubOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var paths = DataPaths.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(paths);
        builder.Services.TryAddTimeProvider();

        builder.Services.AddSingleton<SqlitePragmaInterceptor>();
        builder.Services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<SqlitePragmaInterceptor>());
        // Features add their own interceptors as IInterceptor (the inventory keeps its findings current on every save).
        builder.Services.AddDbContextFactory<ApplicationDbContext>((sp, options) =>
            options.UseSqlite(paths.ConnectionString)
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        // Identity's stores take a scoped context; it comes from the same factory.
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext());

        // PersistKeysToFileSystem, except that each key file is made readable by this user only.
        builder.Services.AddDataProtection().SetApplicationName("SecurityHub");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory>((options, loggers) =>
            options.XmlRepository = new OwnerOnlyXmlRepository(new DirectoryInfo(paths.KeysDirectory), loggers));

        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}

/// <summary>Where the app keeps its files, resolved once from configuration.</summary>
public sealed class DataPaths
{
    public required string DataDirectory { get; init; }
    public required string ConnectionString { get; init; }
    public string KeysDirectory => Path.Combine(DataDirectory, "keys");
    public string PickupDirectory => Path.Combine(DataDirectory, "mail-pickup");

    public static DataPaths From(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[$"{SecurityHubOptions.Section}:DataDirectory"];
        var demo = configuration.GetValue<bool>($"{SecurityHubOptions.Section}:Demo");
        var directory = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured, environment.ContentRootPath);
        if (demo)
        {
            // Demo mode never touches the real database: it gets a folder of its own.
            directory = Path.Combine(directory, "demo");
        }
        OwnerOnlyFiles.CreateDirectory(directory);

        var connectionString = demo ? null : configuration.GetConnectionString("DefaultConnection");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(directory, demo ? "securityhub-demo.db" : "securityhub.db"),
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
        }
        return new DataPaths { DataDirectory = directory, ConnectionString = connectionString };
    }
}

/// <summary>Every connection waits on a busy database instead of failing, and enforces foreign keys.</summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;";
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// Applies migrations and switches the database to WAL before anything else touches it, then makes the data
/// directory readable by this user only (folders 0700, files 0600), which also fixes installs made before.
/// </summary>
public sealed class DatabaseMigrator(IDbContextFactory<ApplicationDbContext> factory, DataPaths paths, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        var dataSource = db.Database.GetDbConnection().DataSource;
        logger.LogInformation("Database ready at {DataSource}", dataSource);
        RestrictFiles(dataSource);
    }

    private void RestrictFiles(string dataSource)
    {
        try
        {
            OwnerOnlyFiles.CreateDirectory(paths.KeysDirectory);
            OwnerOnlyFiles.CreateDirectory(paths.PickupDirectory);
            OwnerOnlyFiles.RestrictTree(paths.DataDirectory);
            // A connection string may put the database elsewhere; SQLite gives -wal and -shm the database's mode.
            if (!string.IsNullOrEmpty(dataSource) && Path.IsPathFullyQualified(dataSource))
            {
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    OwnerOnlyFiles.RestrictFile(dataSource + suffix);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not make the data directory {Directory} readable by this user only; check its owner and permissions", paths.DataDirectory);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class DatabaseHealthCheck(IDbContextFactory<ApplicationDbContext> factory) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
                : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
    }
}

