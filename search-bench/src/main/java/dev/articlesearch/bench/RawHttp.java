package dev.articlesearch.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection, as a load tool uses it: a request is a few hundred bytes
 * written and one response read, with no per-request objects beyond the body. The JDK's
 * HttpClient costs 100–200 µs of client time per request on this machine, which would be charged
 * to the server being measured.
 */
final class RawHttp implements Closeable {
  /** A response: the status and the body as UTF-8. */
  record Response(int status, String body) {}

  private final String host;
  private final int port;
  private final int timeoutMillis;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  RawHttp(String host, int port, int timeoutMillis) {
    this.host = host;
    this.port = port;
    this.timeoutMillis = timeoutMillis;
  }

  Response get(String target) throws IOException {
    return send("GET", target, null);
  }

  Response post(String target, String json) throws IOException {
    return send("POST", target, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends once; a connection the server closed while idle is reopened and the request resent. */
  private Response send(String method, String target, byte[] body) throws IOException {
    boolean fresh = socket == null;
    try {
      return exchange(method, target, body);
    } catch (IOException e) {
      close();
      if (fresh) {
        throw e;
      }
      return exchange(method, target, body);
    }
  }

  private Response exchange(String method, String target, byte[] body) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      out = socket.getOutputStream();
    }
    StringBuilder head = new StringBuilder(256)
        .append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
        .append(host).append(':').append(port).append("\r\n");
    if (body != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.write(body);
    }
    out.flush();
    return read();
  }

  private Response read() throws IOException {
    String status = line();
    if (status.isEmpty()) {
      throw new IOException("connection closed before a response");
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
        case "connection" -> closeAfter = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
    if (chunked) {
      for (long n = Long.parseLong(line().split(";")[0].trim(), 16); n > 0;
          n = Long.parseLong(line().split(";")[0].trim(), 16)) {
        copy(n, body);
        line();
      }
      while (!line().isEmpty()) { } // trailers
    } else if (length >= 0) {
      copy(length, body);
    }
    if (closeAfter) {
      close();
    }
    return new Response(code, body.toString(StandardCharsets.UTF_8));
  }

  private void copy(long n, ByteArrayOutputStream to) throws IOException {
    byte[] buf = new byte[8192];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        throw new IOException("connection closed inside a response body");
      }
      to.write(buf, 0, r);
      n -= r;
    }
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        return b.toString();
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a socket we no longer use: nothing to recover
      }
      socket = null;
    }
  }
}
