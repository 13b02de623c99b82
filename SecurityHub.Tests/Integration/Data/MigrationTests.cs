using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Data;

public class MigrationTests
{
    [Fact]
    public async Task Migrate_EmptyDatabase_SchemaMatchesModel()
    {
        // The app migrates its empty database at start-up; the context comes from the app's own services
        // so Identity's schema options (passkeys) are part of the model.
        using var app = new AppFactory();
        await using var db = await app.CreateDbContextAsync();

        // The migrations and snapshot describe the model exactly.
        var differ = db.GetService<IMigrationsModelDiffer>();
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot!.Model;
        var snapshotModel = db.GetService<IModelRuntimeInitializer>().Initialize((IModel)FinalizeIfNeeded(snapshot), validationLogger: null);
        var differences = differ.GetDifferences(snapshotModel.GetRelationalModel(), db.GetService<IDesignTimeModel>().Model.GetRelationalModel());
        Assert.True(differences.Count == 0, "Snapshot differs from the model: " + string.Join("; ", differences.Select(Describe)));
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());

        // Every table and column of the model exists in the migrated file, which runs in WAL mode.
        await using var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        await using (var journal = connection.CreateCommand())
        {
            journal.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string?)await journal.ExecuteScalarAsync());
        }
        foreach (var entity in db.Model.GetEntityTypes().Where(e => !e.IsOwned()))
        {
            var table = entity.GetTableName()!;
            var columns = new HashSet<string>(StringComparer.Ordinal);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA table_info(\"{table}\")";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(1));
            }
            Assert.True(columns.Count > 0, $"Table {table} is missing");
            foreach (var property in entity.GetProperties())
            {
                Assert.Contains(property.GetColumnName(StoreObjectIdentifier.Table(table, null))!, columns);
            }
        }

        // Quartz's job store tables are gone (Hangfire keeps its store in memory), triggers and indexes too.
        await using var quartz = connection.CreateCommand();
        quartz.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'QRTZ_%'";
        Assert.Equal(0L, (long)(await quartz.ExecuteScalarAsync())!);
    }

    private static IReadOnlyModel FinalizeIfNeeded(IReadOnlyModel model) =>
        model is IMutableModel mutable ? mutable.FinalizeModel() : model;

    private static string Describe(MigrationOperation operation) => operation switch
    {
        AddColumnOperation a => $"add column {a.Table}.{a.Name}",
        DropColumnOperation d => $"drop column {d.Table}.{d.Name}",
        AlterColumnOperation a => $"alter column {a.Table}.{a.Name} ({a.ClrType.Name} {a.ColumnType} null={a.IsNullable} max={a.MaxLength} / was {a.OldColumn.ClrType.Name} {a.OldColumn.ColumnType} null={a.OldColumn.IsNullable} max={a.OldColumn.MaxLength})",
        CreateTableOperation c => $"create table {c.Name}",
        DropTableOperation d => $"drop table {d.Name}",
        CreateIndexOperation i => $"create index {i.Name} on {i.Table}",
        DropIndexOperation i => $"drop index {i.Name}",
        _ => operation.GetType().Name,
    };
}
