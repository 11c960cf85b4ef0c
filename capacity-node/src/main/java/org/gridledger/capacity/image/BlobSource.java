package org.gridledger.capacity.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where blobs come from. Both kinds use one path convention, the OCI image layout's own: a blob
 * with digest {@code sha256:<hex>} is at {@code blobs/sha256/<hex>} under the source's root. So any
 * static HTTP server pointed at an image layout directory is an image source. Nothing a source
 * returns is trusted: {@link BlobStore} verifies every byte against the digest before anything uses
 * it.
 */
public sealed interface BlobSource {

  /** Opens the blob, or empty when this source does not have it. */
  Optional<InputStream> open(Digest digest) throws IOException;

  /** An OCI image layout directory on the local file system. */
  record LayoutDir(Path root) implements BlobSource {
    @Override
    public Optional<InputStream> open(Digest digest) throws IOException {
      Path blob = root.resolve("blobs").resolve("sha256").resolve(digest.hex());
      return Files.isRegularFile(blob) ? Optional.of(Files.newInputStream(blob)) : Optional.empty();
    }
  }

  /**
   * An HTTP(S) server serving {@code <base>/blobs/sha256/<hex>}; 404 means "not here", any other
   * non-200 status is an error.
   */
  record Http(URI base, HttpClient client) implements BlobSource {
    public Http(URI base) {
      this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    @Override
    public Optional<InputStream> open(Digest digest) throws IOException {
      String prefix = base.toString().endsWith("/") ? base.toString() : base + "/";
      URI uri = URI.create(prefix + "blobs/sha256/" + digest.hex());
      HttpRequest request =
          HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build();
      HttpResponse<InputStream> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted fetching " + uri, e);
      }
      if (response.statusCode() == 404) {
        response.body().close();
        return Optional.empty();
      }
      if (response.statusCode() != 200) {
        response.body().close();
        throw new IOException("GET " + uri + ": HTTP " + response.statusCode());
      }
      return Optional.of(response.body());
    }
  }
}
