package dev.offload.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database to the schema this build expects before anything else touches it: a startup
 * singleton is ready before the application's message-driven beans and resources are served.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigrations {

  private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

  @Resource(lookup = "jdbc/offload")
  DataSource dataSource;

  @PostConstruct
  void migrate() {
    MigrateResult result = migrate(dataSource);
    String version =
        result.targetSchemaVersion != null
            ? result.targetSchemaVersion
            : result.initialSchemaVersion;
    LOG.info(
        () ->
            "database schema at version "
                + version
                + " ("
                + result.migrationsExecuted
                + " migrations applied now)");
  }

  /**
   * Applies the migrations this database lacks. A database whose tables EclipseLink created (before
   * Offload had migrations) is taken as version 1, the schema of that time, and upgraded from
   * there; an empty one is built from version 1. Several servers starting at once wait for each
   * other.
   */
  public static MigrateResult migrate(DataSource dataSource) {
    return Flyway.configure(SchemaMigrations.class.getClassLoader())
        .dataSource(dataSource)
        // Liberty's class loader lists a folder only with a file named flyway.location in it; a
        // location that cannot be listed fails the start instead of passing as "no migrations".
        // (db/callback holds no callbacks, only that file: Flyway always looks there, and logs an
        // error when it cannot list it.)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .placeholders(Map.of("long_text", longTextType(dataSource)))
        .table("OFFLOAD_SCHEMA_HISTORY")
        .baselineOnMigrate(true)
        .baselineVersion("1")
        .baselineDescription("tables created by EclipseLink")
        .load()
        .migrate();
  }

  /** The type of an unbounded text column in this database's dialect. */
  private static String longTextType(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("postgres")) {
        return "TEXT";
      }
      if (product.contains("h2")) {
        return "LONGVARCHAR";
      }
      throw new IllegalStateException(
          "no migrations for " + product + ": Offload runs on H2 or PostgreSQL");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach the database to migrate it: " + e, e);
    }
  }
}
