package org.gridledger.capacity.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an OCI image layout directory (OCI image spec, "image-layout.md"): the {@code oci-layout}
 * marker, {@code blobs/sha256/<hex>}, and {@code index.json} listing manifests by their {@code
 * org.opencontainers.image.ref.name}. Used by tests and tools to build images from tar layers.
 */
public final class OciLayoutWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public OciLayoutWriter(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    if (!Files.exists(dir.resolve("index.json"))) {
      ObjectNode index = JSON.createObjectNode();
      index.put("schemaVersion", 2);
      index.put("mediaType", ImageStore.OCI_INDEX);
      index.putArray("manifests");
      Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
    }
  }

  /** Stores {@code bytes} as a blob and returns its descriptor. */
  public Descriptor blob(String mediaType, byte[] bytes) throws IOException {
    Digest d = Digest.of(bytes);
    Files.write(dir.resolve("blobs").resolve("sha256").resolve(d.hex()), bytes);
    return new Descriptor(mediaType, d, bytes.length);
  }

  /**
   * Writes an image of the given uncompressed tar layers (gzip-compressed as stored) for
   * linux/amd64 and adds it to {@code index.json} under {@code refName}; returns the manifest
   * digest.
   */
  public Digest image(String refName, ImageConfig config, List<byte[]> tarLayers)
      throws IOException {
    ObjectNode configJson = JSON.createObjectNode();
    configJson.put("architecture", "amd64");
    configJson.put("os", "linux");
    ObjectNode c = configJson.putObject("config");
    config.env().forEach(c.putArray("Env")::add);
    if (!config.entrypoint().isEmpty()) {
      config.entrypoint().forEach(c.putArray("Entrypoint")::add);
    }
    if (!config.cmd().isEmpty()) {
      config.cmd().forEach(c.putArray("Cmd")::add);
    }
    c.put("WorkingDir", config.workingDir());
    if (!config.user().isEmpty()) {
      c.put("User", config.user());
    }
    ObjectNode rootfs = configJson.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", ImageStore.OCI_MANIFEST);
    ArrayNode layers = JSON.createArrayNode();
    for (byte[] tar : tarLayers) {
      diffIds.add(Digest.of(tar).toString());
      layers.add(descriptorJson(blob(ImageStore.OCI_LAYER_TAR_GZIP, gzip(tar))));
    }
    manifest.set(
        "config", descriptorJson(blob(ImageStore.OCI_CONFIG, JSON.writeValueAsBytes(configJson))));
    manifest.set("layers", layers);
    Descriptor m = blob(ImageStore.OCI_MANIFEST, JSON.writeValueAsBytes(manifest));

    ObjectNode index = (ObjectNode) JSON.readTree(dir.resolve("index.json").toFile());
    ArrayNode manifests = index.withArray("manifests");
    for (int i = manifests.size() - 1; i >= 0; i--) {
      if (refName.equals(
          manifests
              .get(i)
              .path("annotations")
              .path("org.opencontainers.image.ref.name")
              .asText())) {
        manifests.remove(i);
      }
    }
    ObjectNode entry = descriptorJson(m);
    entry.putObject("annotations").put("org.opencontainers.image.ref.name", refName);
    manifests.add(entry);
    Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
    return m.digest();
  }

  private static ObjectNode descriptorJson(Descriptor d) {
    ObjectNode n = JSON.createObjectNode();
    n.put("mediaType", d.mediaType());
    n.put("digest", d.digest().toString());
    n.put("size", d.size());
    return n;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(data);
    }
    return bytes.toByteArray();
  }
}
