package org.gridledger.capacity.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridledger.capacity.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
  @TempDir Path tmp;

  @Test
  void fetchesVerifiesAndCachesFromALayoutDir() throws IOException {
    Path layout = tmp.resolve("layout");
    Descriptor d =
        new OciLayoutWriter(layout).blob("text/plain", "hello".getBytes(StandardCharsets.UTF_8));
    // sha256("hello"), an independent fact (e.g. `printf hello | sha256sum`).
    assertThat(d.digest().hex())
        .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    BlobStore store =
        new BlobStore(tmp.resolve("cache"), List.of(new BlobSource.LayoutDir(layout)));
    Path blob = store.get(d);
    assertThat(blob).hasContent("hello");
    assertThat(blob.startsWith(tmp.resolve("cache"))).isTrue();
    assertThat(store.contains(d.digest())).isTrue();
  }

  @Test
  void refusesABlobWhoseContentDoesNotMatchItsDigest() throws IOException {
    Path layout = tmp.resolve("layout");
    Descriptor d = new OciLayoutWriter(layout).blob("text/plain", "good".getBytes());
    Files.writeString(layout.resolve("blobs/sha256/" + d.digest().hex()), "evil");
    BlobStore store =
        new BlobStore(tmp.resolve("cache"), List.of(new BlobSource.LayoutDir(layout)));
    assertThatThrownBy(() -> store.get(new Descriptor("text/plain", d.digest(), 4)))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("refused");
    assertThat(store.contains(d.digest())).isFalse();
    try (var files = Files.list(tmp.resolve("cache/sha256"))) {
      assertThat(files).isEmpty(); // no partial file left behind
    }
  }

  @Test
  void refusesASizeMismatch() throws IOException {
    Path layout = tmp.resolve("layout");
    Descriptor d = new OciLayoutWriter(layout).blob("text/plain", "12345".getBytes());
    BlobStore store =
        new BlobStore(tmp.resolve("cache"), List.of(new BlobSource.LayoutDir(layout)));
    assertThatThrownBy(() -> store.get(new Descriptor("text/plain", d.digest(), 4)))
        .isInstanceOf(ImageException.class);
    assertThatThrownBy(() -> store.get(new Descriptor("text/plain", d.digest(), 6)))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("size 5");
  }

  @Test
  void pullsAnImageOverHttpAndRefusesATamperedLayer() throws Exception {
    Path layout = tmp.resolve("layout");
    Digest manifest = TestImages.busybox(layout);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Path file = layout.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
          if (!file.startsWith(layout) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      ImageStore store =
          new ImageStore(new BlobStore(tmp.resolve("cache"), List.of(new BlobSource.Http(base))));
      OciImage image = store.pull(manifest);
      assertThat(image.layers()).hasSize(1);
      assertThat(image.config().cmd()).containsExactly("sh");
      assertThat(image.config().env()).containsExactly("GREETING=hi");

      // Tamper with the layer on the server: a fresh cache must refuse the image.
      Path layerBlob =
          layout.resolve("blobs/sha256/" + image.layers().get(0).descriptor().digest().hex());
      byte[] bytes = Files.readAllBytes(layerBlob);
      bytes[bytes.length / 2] ^= 1;
      Files.write(layerBlob, bytes);
      ImageStore fresh =
          new ImageStore(new BlobStore(tmp.resolve("cache2"), List.of(new BlobSource.Http(base))));
      assertThatThrownBy(() -> fresh.pull(manifest))
          .isInstanceOf(ImageException.class)
          .hasMessageContaining(image.layers().get(0).descriptor().digest().toString());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void rejectsMalformedDigests() {
    assertThatThrownBy(() -> Digest.parse("sha512:00")).isInstanceOf(ImageException.class);
    assertThatThrownBy(() -> Digest.parse("sha256:ABC")).isInstanceOf(ImageException.class);
    assertThatThrownBy(() -> Digest.parse(null)).isInstanceOf(ImageException.class);
  }
}
