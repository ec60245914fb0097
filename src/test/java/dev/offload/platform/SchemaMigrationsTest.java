package dev.offload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskEvent;
import dev.offload.tasks.entity.TaskSpec;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The migrations against real databases: H2 in memory always, and the PostgreSQL server named by
 * {@code offload.test.postgres} (host:port) when the build is given one, as CI's PostgreSQL run is.
 * Each test works in databases of its own.
 */
class SchemaMigrationsTest {

  /** Stands in for the transition listener, whose CDI events need the server. */
  public static class NoListener {}

  /** The PostgreSQL databases this class created, dropped when it is done. */
  private static final List<String> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static final List<String> TABLES =
      List.of("OFFLOAD_TASKS", "OFFLOAD_TASK_EVENTS", "OFFLOAD_SIMULATED_EFFECTS");

  static Stream<String> databases() {
    String postgres = System.getProperty("offload.test.postgres", "");
    return postgres.isBlank() ? Stream.of("h2") : Stream.of("h2", "postgresql");
  }

  @AfterAll
  static void dropCreatedDatabases() throws SQLException {
    if (CREATED.isEmpty()) {
      return;
    }
    try (Connection c = postgres("postgres").getConnection();
        Statement s = c.createStatement()) {
      for (String name : CREATED) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aNewDatabaseGetsEveryMigrationAndTheEntitiesFitIt(String vendor) throws Exception {
    DataSource db = newDatabase(vendor);

    MigrateResult result = SchemaMigrations.migrate(db);

    assertThat(result.migrationsExecuted).isEqualTo(2);
    assertThat(result.targetSchemaVersion).isEqualTo("2");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String id = inTransaction(db, Map.of(), em -> em.persist(finishedTask(now)));
    Task read = read(db, id);
    assertThat(read.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(read.getResult()).isEqualTo("{\"done\":true}");
    assertThat(read.getHistory())
        .extracting(TaskEvent::getStatus)
        .containsExactly(TaskStatus.QUEUED, TaskStatus.PROCESSING, TaskStatus.COMPLETED);
    assertThat(SchemaMigrations.migrate(db).migrationsExecuted)
        .as("a second start applies nothing")
        .isZero();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aDatabaseEclipseLinkCreatedIsUpgradedKeepsItsTasksAndEndsAsANewOne(String vendor)
      throws Exception {
    DataSource old = newDatabase(vendor);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // How every database was made before migrations: EclipseLink created the tables at start.
    String id =
        inTransaction(
            old,
            Map.of("eclipselink.ddl-generation", "create-or-extend-tables"),
            em -> em.persist(finishedTask(now)));

    MigrateResult result = SchemaMigrations.migrate(old);

    assertThat(result.migrationsExecuted).as("version 1 taken as there, version 2 applied").isOne();
    assertThat(result.targetSchemaVersion).isEqualTo("2");
    assertThat(read(old, id).getHistory()).hasSize(3);
    DataSource fresh = newDatabase(vendor);
    SchemaMigrations.migrate(fresh);
    assertThat(schema(old)).isEqualTo(schema(fresh)).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void deletingATaskDeletesItsEvents(String vendor) throws Exception {
    DataSource db = newDatabase(vendor);
    SchemaMigrations.migrate(db);
    String id = inTransaction(db, Map.of(), em -> em.persist(finishedTask(Instant.now())));
    assertThat(count(db, "OFFLOAD_TASK_EVENTS")).isEqualTo(3);

    inTransaction(
        db,
        Map.of(),
        em ->
            em.createQuery("DELETE FROM Task t WHERE t.id = :id")
                .setParameter("id", id)
                .executeUpdate());

    assertThat(count(db, "OFFLOAD_TASKS")).isZero();
    assertThat(count(db, "OFFLOAD_TASK_EVENTS")).isZero();
  }

  private static Task finishedTask(Instant now) {
    Task task =
        Task.accepted(
            new TaskSpec("simulate", "{}", 3, 0, null, Duration.ofSeconds(30)), "alice", now);
    task.startAttempt(1, "worker-1", now.plusMillis(1));
    task.complete("{\"done\":true}", now.plusMillis(2));
    return task;
  }

  /** Runs {@code work} in a resource-local transaction; returns the id of the task persisted. */
  private static String inTransaction(
      DataSource db, Map<String, String> properties, Consumer<EntityManager> work) {
    EntityManagerFactory emf = entityManagers(db, properties);
    try {
      EntityManager em = emf.createEntityManager();
      em.getTransaction().begin();
      work.accept(em);
      em.flush();
      String id =
          em.createQuery("SELECT t.id FROM Task t", String.class)
              .getResultStream()
              .findFirst()
              .orElse(null);
      em.getTransaction().commit();
      em.close();
      return id;
    } finally {
      emf.close();
    }
  }

  private static Task read(DataSource db, String id) {
    EntityManagerFactory emf = entityManagers(db, Map.of());
    try {
      EntityManager em = emf.createEntityManager();
      Task task = em.find(Task.class, id);
      task.getHistory().size();
      em.close();
      return task;
    } finally {
      emf.close();
    }
  }

  private static EntityManagerFactory entityManagers(DataSource db, Map<String, String> extra) {
    Map<String, Object> properties = new HashMap<>(extra);
    properties.put("jakarta.persistence.nonJtaDataSource", db);
    return Persistence.createEntityManagerFactory("offload-outside", properties);
  }

  /** Every column, index and foreign key of Offload's tables, as comparable lines. */
  private static TreeSet<String> schema(DataSource db) throws SQLException {
    TreeSet<String> lines = new TreeSet<>();
    try (Connection c = db.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      for (String table : TABLES) {
        String name = md.storesLowerCaseIdentifiers() ? table.toLowerCase() : table;
        try (ResultSet rs = md.getColumns(null, c.getSchema(), name, null)) {
          while (rs.next()) {
            lines.add(
                String.join(
                    " ",
                    table,
                    "column",
                    rs.getString("COLUMN_NAME"),
                    rs.getString("TYPE_NAME"),
                    rs.getString("COLUMN_SIZE"),
                    rs.getString("IS_NULLABLE")));
          }
        }
        try (ResultSet rs = md.getIndexInfo(null, c.getSchema(), name, false, false)) {
          while (rs.next()) {
            String index = rs.getString("INDEX_NAME");
            lines.add(
                String.join(
                    " ",
                    table,
                    rs.getBoolean("NON_UNIQUE") ? "index" : "unique index",
                    // Names the database chose itself differ from one database to the next.
                    index.toUpperCase().startsWith("OFFLOAD_") ? index : "",
                    rs.getString("ORDINAL_POSITION"),
                    rs.getString("COLUMN_NAME")));
          }
        }
        try (ResultSet rs = md.getImportedKeys(null, c.getSchema(), name)) {
          while (rs.next()) {
            lines.add(
                String.join(
                    " ",
                    table,
                    "foreign key",
                    rs.getString("FK_NAME"),
                    rs.getString("FKCOLUMN_NAME"),
                    rs.getString("PKTABLE_NAME"),
                    rs.getString("PKCOLUMN_NAME"),
                    "on delete " + rs.getShort("DELETE_RULE")));
          }
        }
      }
    }
    return lines;
  }

  private static long count(DataSource db, String table) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** An empty database of this vendor that no other test uses. */
  private static DataSource newDatabase(String vendor) throws SQLException {
    String name = "offload_schema_" + UUID.randomUUID().toString().replace("-", "");
    if (vendor.equals("h2")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
      h2.setUser("sa");
      return h2;
    }
    try (Connection c = postgres("postgres").getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    CREATED.add(name);
    return postgres(name);
  }

  private static PGSimpleDataSource postgres(String database) {
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL("jdbc:postgresql://" + System.getProperty("offload.test.postgres") + "/" + database);
    pg.setUser(System.getProperty("offload.test.postgres.user", "postgres"));
    return pg;
  }
}
