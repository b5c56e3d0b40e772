package dev.miniplaces.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for a test: Debian's binaries ({@code postgresql-15}), a new cluster in a temporary
 * folder, on a free port of 127.0.0.1, trusting local connections, stopped and deleted by {@link #close}.
 * PostgreSQL refuses to run as root, so as root (CI) the server runs as Debian's {@code postgres} user.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "miniplaces";
  private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** Starts a server and creates {@code database} in it. */
  public static PostgresServer start(String database) throws Exception {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("miniplaces-postgres");
    if (root) {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
    }
    PostgresServer server = new PostgresServer(bin, dir, freePort(), root);
    try {
      server.initAndStart();
      try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"));
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + database);
      }
      return server;
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }

  /** The JDBC URL of {@code database}, user included. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
  }

  public int port() {
    return port;
  }

  /** Runs {@code sql} in {@code database} and returns the first column of every row. */
  public List<String> query(String database, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl(database)); Statement s = c.createStatement();
        var rows = s.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private void initAndStart() throws Exception {
    Path data = dir.resolve("data");
    run(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
        "--no-sync");
    // Durability is not what these tests check; fsync off keeps commits fast on a busy CI disk.
    String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
        + " -c max_connections=200";
    run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
        "-o", options, "-w", "-t", "60", "start");
  }

  private void run(String... command) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    if (asPostgresUser) {
      argv.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    argv.addAll(List.of(command));
    Process process = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " failed:\n" + output + logTail());
    }
  }

  private String logTail() {
    try {
      return "\nserver.log:\n" + Files.readString(dir.resolve("server.log"));
    } catch (IOException e) {
      return "";
    }
  }

  private static Path binaries() throws IOException {
    if (!Files.isDirectory(DEBIAN_BINARIES)) {
      throw new IllegalStateException("No PostgreSQL under " + DEBIAN_BINARIES
          + ": install Debian's postgresql-15 (bin/test does)");
    }
    try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())))
          .orElseThrow(() -> new IllegalStateException("No pg_ctl under " + DEBIAN_BINARIES));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Stops the server at once and deletes its folder. */
  @Override
  public void close() throws Exception {
    try {
      if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
        run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
            "stop");
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
