using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SecurityHub.Data;

#nullable disable

namespace SecurityHub.Migrations
{
    /// <summary>
    /// Quartz.NET's ADO.NET job store tables for SQLite, so schedules survive a restart. Quartz owns
    /// these tables; they are not part of the EF model.
    /// </summary>
    [DbContext(typeof(ApplicationDbContext))]
    [Migration("20261122000002_QuartzJobStore")]
    public partial class QuartzJobStore : Migration
    {
        private static readonly string[] Tables =
        [
            "QRTZ_FIRED_TRIGGERS", "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS",
            "QRTZ_SIMPROP_TRIGGERS", "QRTZ_SIMPLE_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_BLOB_TRIGGERS",
            "QRTZ_TRIGGERS", "QRTZ_JOB_DETAILS", "QRTZ_CALENDARS",
        ];

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE QRTZ_JOB_DETAILS (
                    SCHED_NAME NVARCHAR(120) NOT NULL,
                    JOB_NAME NVARCHAR(150) NOT NULL,
                    JOB_GROUP NVARCHAR(150) NOT NULL,
                    DESCRIPTION NVARCHAR(250) NULL,
                    JOB_CLASS_NAME NVARCHAR(250) NOT NULL,
                    IS_DURABLE BIT NOT NULL,
                    IS_NONCONCURRENT BIT NOT NULL,
                    IS_UPDATE_DATA BIT NOT NULL,
                    REQUESTS_RECOVERY BIT NOT NULL,
                    JOB_DATA BLOB NULL,
                    PRIMARY KEY (SCHED_NAME, JOB_NAME, JOB_GROUP));
                """);
            migrationBuilder.Sql("""
                CREATE TABLE QRTZ_TRIGGERS (
                    SCHED_NAME NVARCHAR(120) NOT NULL,
                    TRIGGER_NAME NVARCHAR(150) NOT NULL,
                    TRIGGER_GROUP NVARCHAR(150) NOT NULL,
                    JOB_NAME NVARCHAR(150) NOT NULL,
                    JOB_GROUP NVARCHAR(150) NOT NULL,
                    DESCRIPTION NVARCHAR(250) NULL,
                    NEXT_FIRE_TIME BIGINT NULL,
                    PREV_FIRE_TIME BIGINT NULL,
                    PRIORITY INTEGER NULL,
                    TRIGGER_STATE NVARCHAR(16) NOT NULL,
                    TRIGGER_TYPE NVARCHAR(8) NOT NULL,
                    START_TIME BIGINT NOT NULL,
                    END_TIME BIGINT NULL,
                    CALENDAR_NAME NVARCHAR(200) NULL,
                    MISFIRE_INSTR INTEGER NULL,
                    MISFIRE_ORIG_FIRE_TIME INTEGER NULL,
                    EXECUTION_GROUP NVARCHAR(200) NULL,
                    PREFERRED_NODE NVARCHAR(200) NULL,
                    PREFERRED_NODE_AUTO BIT NOT NULL DEFAULT 0,
                    JOB_DATA BLOB NULL,
                    PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
                    FOREIGN KEY (SCHED_NAME, JOB_NAME, JOB_GROUP) REFERENCES QRTZ_JOB_DETAILS(SCHED_NAME, JOB_NAME, JOB_GROUP));
                """);
            foreach (var (table, columns) in new[]
            {
                ("QRTZ_SIMPLE_TRIGGERS", "REPEAT_COUNT BIGINT NOT NULL, REPEAT_INTERVAL BIGINT NOT NULL, TIMES_TRIGGERED BIGINT NOT NULL,"),
                ("QRTZ_SIMPROP_TRIGGERS", "STR_PROP_1 NVARCHAR(512) NULL, STR_PROP_2 NVARCHAR(512) NULL, STR_PROP_3 NVARCHAR(512) NULL, INT_PROP_1 INT NULL, INT_PROP_2 INT NULL, LONG_PROP_1 BIGINT NULL, LONG_PROP_2 BIGINT NULL, DEC_PROP_1 NUMERIC NULL, DEC_PROP_2 NUMERIC NULL, BOOL_PROP_1 BIT NULL, BOOL_PROP_2 BIT NULL, TIME_ZONE_ID NVARCHAR(80) NULL,"),
                ("QRTZ_CRON_TRIGGERS", "CRON_EXPRESSION NVARCHAR(250) NOT NULL, TIME_ZONE_ID NVARCHAR(80),"),
                ("QRTZ_BLOB_TRIGGERS", "BLOB_DATA BLOB NULL,"),
            })
            {
                migrationBuilder.Sql($"""
                    CREATE TABLE {table} (
                        SCHED_NAME NVARCHAR(120) NOT NULL,
                        TRIGGER_NAME NVARCHAR(150) NOT NULL,
                        TRIGGER_GROUP NVARCHAR(150) NOT NULL,
                        {columns}
                        PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
                        FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) REFERENCES QRTZ_TRIGGERS(SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE);
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER DELETE_{table.Replace("QRTZ_", "", StringComparison.Ordinal).Replace("_TRIGGERS", "_TRIGGER", StringComparison.Ordinal)} DELETE ON QRTZ_TRIGGERS
                    BEGIN
                        DELETE FROM {table} WHERE SCHED_NAME = OLD.SCHED_NAME AND TRIGGER_NAME = OLD.TRIGGER_NAME AND TRIGGER_GROUP = OLD.TRIGGER_GROUP;
                    END;
                    """);
            }
            migrationBuilder.Sql("""
                CREATE TABLE QRTZ_CALENDARS (
                    SCHED_NAME NVARCHAR(120) NOT NULL,
                    CALENDAR_NAME NVARCHAR(200) NOT NULL,
                    CALENDAR BLOB NOT NULL,
                    PRIMARY KEY (SCHED_NAME, CALENDAR_NAME));
                """);
            migrationBuilder.Sql("""
                CREATE TABLE QRTZ_PAUSED_TRIGGER_GRPS (
                    SCHED_NAME NVARCHAR(120) NOT NULL,
                    TRIGGER_GROUP NVARCHAR(150) NOT NULL,
                    PRIMARY KEY (SCHED_NAME, TRIGGER_GROUP));
                """);
            migrationBuilder.Sql("""
                CREATE TABLE QRTZ_FIRED_TRIGGERS (
                    SCHED_NAME NVARCHAR(120) NOT NULL,
                    ENTRY_ID NVARCHAR(140) NOT NULL,
                    TRIGGER_NAME NVARCHAR(150) NOT NULL,
                    TRIGGER_GROUP NVARCHAR(150) NOT NULL,
                    INSTANCE_NAME NVARCHAR(200) NOT NULL,
                    FIRED_TIME BIGINT NOT NULL,
                    SCHED_TIME BIGINT NOT NULL,
                    PRIORITY INTEGER NOT NULL,
                    STATE NVARCHAR(16) NOT NULL,
                    JOB_NAME NVARCHAR(150) NULL,
                    JOB_GROUP NVARCHAR(150) NULL,
                    IS_NONCONCURRENT BIT NULL,
                    REQUESTS_RECOVERY BIT NULL,
                    EXECUTION_GROUP NVARCHAR(200) NULL,
                    PRIMARY KEY (SCHED_NAME, ENTRY_ID));
                """);
            migrationBuilder.Sql("""
                CREATE TABLE QRTZ_SCHEDULER_STATE (
                    SCHED_NAME NVARCHAR(120) NOT NULL,
                    INSTANCE_NAME NVARCHAR(200) NOT NULL,
                    LAST_CHECKIN_TIME BIGINT NOT NULL,
                    CHECKIN_INTERVAL BIGINT NOT NULL,
                    PRIMARY KEY (SCHED_NAME, INSTANCE_NAME));
                """);
            migrationBuilder.Sql("""
                CREATE TABLE QRTZ_LOCKS (
                    SCHED_NAME NVARCHAR(120) NOT NULL,
                    LOCK_NAME NVARCHAR(40) NOT NULL,
                    PRIMARY KEY (SCHED_NAME, LOCK_NAME));
                """);
            migrationBuilder.Sql("CREATE INDEX IDX_QRTZ_J_G_N ON QRTZ_JOB_DETAILS(SCHED_NAME, JOB_GROUP, JOB_NAME);");
            migrationBuilder.Sql("CREATE INDEX IDX_QRTZ_T_G_N ON QRTZ_TRIGGERS(SCHED_NAME, TRIGGER_GROUP, TRIGGER_NAME);");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
            }
        }
    }
}
