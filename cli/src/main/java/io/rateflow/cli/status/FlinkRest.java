package io.rateflow.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs on a Flink REST endpoint, as JSON; an interface so tests can answer with canned documents.
 */
public interface FlinkRest {
  /**
   * The JSON at {@code path} (e.g. {@code /jobs/overview}); throws when Flink does not answer or
   * refuses.
   */
  JsonNode get(String path) throws IOException;

  /** The REST endpoint at {@code host:port} over plain HTTP. */
  static FlinkRest at(String hostPort, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    ObjectMapper json = new ObjectMapper();
    return path -> {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://" + hostPort + path))
              .timeout(timeout)
              .GET()
              .build();
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (response.statusCode() != 200) {
        throw new IOException(
            "HTTP " + response.statusCode() + " for " + path + ": " + abbreviate(response.body()));
      }
      return json.readTree(response.body());
    };
  }

  private static String abbreviate(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
