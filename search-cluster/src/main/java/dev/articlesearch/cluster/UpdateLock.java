package dev.articlesearch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One update of an alias's index at a time, across processes and machines, with nothing but the
 * cluster to share: a document named after the alias in the index {@code <alias>-update-lock},
 * created only if absent ({@code _create}) and changed only by its holder (sequence number and
 * primary term). Two updates at once would each pause and restore the index's refresh and
 * interleave their articles; the second is refused instead (a watching server tries again a
 * second later). A holder renews its lease as it goes; a lock whose lease ran out, or whose holder
 * is a process of this machine that no longer runs (a killed update), is taken over at once.
 */
final class UpdateLock implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(UpdateLock.class.getName());

  /** How long a lock holds without being renewed. */
  static final Duration LEASE = Duration.ofMinutes(2);

  /** Tries of {@code _create} when, each time, the holder released the lock before its read. */
  static final int RELEASED_RETRIES = 5;

  private final ClusterClient http;
  private final String index;
  private final String id;
  private long seqNo;
  private long primaryTerm;
  private long renewed = System.nanoTime();

  private UpdateLock(ClusterClient http, String index, String id, JsonNode written) {
    this.http = http;
    this.index = index;
    this.id = id;
    remember(written);
  }

  static String index(String alias) {
    return alias + "-update-lock";
  }

  /**
   * Takes the lock of {@code alias}'s updates, waiting up to {@code patience} for another update
   * to end (a watch's update takes a second or two; a dead holder's lease runs out in {@link
   * #LEASE}).
   *
   * @throws ClusterException (409) naming the holder, if another update still holds it then
   */
  static UpdateLock await(ClusterClient http, String alias, Duration patience) {
    long end = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        return take(http, alias);
      } catch (ClusterException e) {
        if (e.status() != 409 || System.nanoTime() > end) {
          throw e;
        }
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterException("Interrupted while waiting for the update lock of '" + alias
            + "'", 0);
      }
    }
  }

  /**
   * Takes the lock of {@code alias}'s updates.
   *
   * @throws ClusterException (409) naming the holder, if another update holds it, or if others
   *     took and released it at each of {@value #RELEASED_RETRIES} tries
   */
  static UpdateLock take(ClusterClient http, String alias) {
    String index = index(alias);
    ClusterClient.Answer created = http.exchange("HEAD", "/" + index, null);
    if (created.status() == 404) {
      ObjectNode body = ClusterClient.JSON.createObjectNode();
      ObjectNode s = body.putObject("settings").putObject("index");
      s.put("number_of_shards", 1);
      s.put("auto_expand_replicas", "0-1");
      ClusterClient.Answer a = http.exchange("PUT", "/" + index, body);
      if (a.status() != 200 && !String.valueOf(a.body()).contains("resource_already_exists")) {
        throw ClusterClient.failure("PUT", "/" + index, a);
      }
    }
    String path = "/" + index + "/_create/" + alias;
    String read = "/" + index + "/_doc/" + alias;
    for (int attempt = 1; ; attempt++) {
      ClusterClient.Answer a = http.exchange("PUT", path, holder());
      if (a.status() == 201) {
        return new UpdateLock(http, index, alias, a.body());
      }
      if (a.status() != 409) {
        throw ClusterClient.failure("PUT", path, a);
      }
      ClusterClient.Answer current = http.exchange("GET", read, null);
      if (current.status() == 404) {
        // Released between the refused create and this read (a watch's update takes a second or
        // two): free now, so ask again rather than fail on the missing holder.
        if (attempt < RELEASED_RETRIES) {
          continue;
        }
        throw new ClusterException("Other updates of the index behind '" + alias + "' took and"
            + " released the lock " + attempt + " times while this one asked for it: try again", 409);
      }
      if (current.status() / 100 != 2) {
        throw ClusterClient.failure("GET", read, current);
      }
      return takeOverIfAbandoned(http, index, alias, current.body());
    }
  }

  /** The lock as {@code current} holds it: taken over if abandoned, else refused (409). */
  private static UpdateLock takeOverIfAbandoned(ClusterClient http, String index, String alias,
      JsonNode current) {
    JsonNode holder = current.path("_source");
    if (!abandoned(holder)) {
      throw new ClusterException("Another update of the index behind '" + alias + "' is running"
          + " (process " + holder.path("pid").asLong() + " on " + holder.path("host").asText()
          + ", since " + holder.path("since").asText() + "): try again once it has ended", 409);
    }
    String take = "/" + index + "/_doc/" + alias + "?if_seq_no=" + current.path("_seq_no").asLong()
        + "&if_primary_term=" + current.path("_primary_term").asLong();
    ClusterClient.Answer taken = http.exchange("PUT", take, holder());
    if (taken.status() == 409) {
      throw new ClusterException("Another update of the index behind '" + alias + "' took over"
          + " an abandoned lock first: try again once it has ended", 409);
    }
    if (taken.status() / 100 != 2) {
      throw ClusterClient.failure("PUT", take, taken);
    }
    LOG.log(Level.WARNING, "The previous update of the index behind '" + alias + "' (process "
        + holder.path("pid").asLong() + " on " + holder.path("host").asText() + ") ended without"
        + " finishing: this update completes its work");
    return new UpdateLock(http, index, alias, taken.body());
  }

  /** Extends the lease if half of it has passed; fails if another update took the lock. */
  void renew() {
    if (System.nanoTime() - renewed < LEASE.toNanos() / 2) {
      return;
    }
    String path = "/" + index + "/_doc/" + id + "?if_seq_no=" + seqNo + "&if_primary_term="
        + primaryTerm;
    ClusterClient.Answer a = http.exchange("PUT", path, holder());
    if (a.status() == 409) {
      throw new ClusterException("This update's lock on '" + id + "' was taken by another update"
          + " (this one was silent for over " + LEASE.toSeconds() + " s): stopped", 409);
    }
    if (a.status() / 100 != 2) {
      throw ClusterClient.failure("PUT", path, a);
    }
    remember(a.body());
    renewed = System.nanoTime();
  }

  @Override
  public void close() {
    try {
      http.exchange("DELETE", "/" + index + "/_doc/" + id + "?if_seq_no=" + seqNo
          + "&if_primary_term=" + primaryTerm, null);
    } catch (RuntimeException e) {
      // the lease runs out by itself; the update's own outcome is what the caller must hear
      LOG.log(Level.WARNING, "Cannot release the update lock of '" + id + "': " + e.getMessage());
    }
  }

  private void remember(JsonNode written) {
    seqNo = written.path("_seq_no").asLong();
    primaryTerm = written.path("_primary_term").asLong();
  }

  private static ObjectNode holder() {
    ObjectNode doc = ClusterClient.JSON.createObjectNode();
    doc.put("host", host());
    doc.put("pid", ProcessHandle.current().pid());
    doc.put("since", Instant.now().toString());
    doc.put("until", Instant.now().plus(LEASE).toString());
    return doc;
  }

  /** A lease run out, or a holder on this machine that is no longer running. */
  private static boolean abandoned(JsonNode holder) {
    try {
      if (Instant.parse(holder.path("until").asText()).isBefore(Instant.now())) {
        return true;
      }
    } catch (DateTimeParseException e) {
      return true;
    }
    return host().equals(holder.path("host").asText())
        && ProcessHandle.of(holder.path("pid").asLong()).filter(ProcessHandle::isAlive).isEmpty();
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
