using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
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
        builder.Services.AddDbContextFactory<ApplicationDbContext>((sp, options) =>
            options.UseSqlite(paths.ConnectionString)
                .AddInterceptors(sp.GetRequiredService<SqlitePragmaInterceptor>()));
        // Identity's stores take a scoped context; it comes from the same factory.
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext());

        builder.Services.AddDataProtection()
            .SetApplicationName("SecurityHub")
            .PersistKeysToFileSystem(new DirectoryInfo(paths.KeysDirectory));

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
        Directory.CreateDirectory(directory);

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

/// <summary>Applies migrations and switches the database to WAL before anything else touches it.</summary>
public sealed class DatabaseMigrator(IDbContextFactory<ApplicationDbContext> factory, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        logger.LogInformation("Database ready at {DataSource}", db.Database.GetDbConnection().DataSource);
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

