package org.gridledger.capacity.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pulls images by manifest digest: manifest, then config, then every layer, each blob verified by
 * the {@link BlobStore} before it is parsed or handed to the unpacker. An image whose any blob
 * fails verification is refused as a whole.
 */
public final class ImageStore {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String DOCKER_LAYER_TAR_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlobStore blobs;

  public ImageStore(BlobStore blobs) {
    this.blobs = blobs;
  }

  /**
   * The manifest digest an image layout directory's {@code index.json} gives for {@code refName}
   * (the {@code org.opencontainers.image.ref.name} annotation); with a single manifest and a null
   * name, that one.
   */
  public static Digest resolveTag(Path layoutDir, String refName) {
    JsonNode index = readJson(layoutDir.resolve("index.json"), "index.json");
    JsonNode manifests = index.path("manifests");
    List<JsonNode> matches = new ArrayList<>();
    for (JsonNode m : manifests) {
      String name = m.path("annotations").path("org.opencontainers.image.ref.name").asText(null);
      if (refName == null || refName.equals(name)) {
        matches.add(m);
      }
    }
    if (matches.size() != 1) {
      throw new ImageException(
          "index.json in " + layoutDir + ": " + matches.size() + " manifests match ref " + refName);
    }
    return Digest.parse(matches.get(0).path("digest").asText(null));
  }

  /** Fetches and verifies the image whose manifest has {@code manifestDigest}. */
  public OciImage pull(Digest manifestDigest) {
    JsonNode manifest = readJson(blobs.get(manifestDigest), "manifest " + manifestDigest);
    String mediaType = manifest.path("mediaType").asText(OCI_MANIFEST);
    if (!mediaType.equals(OCI_MANIFEST) && !mediaType.equals(DOCKER_MANIFEST)) {
      throw new ImageException(
          "manifest " + manifestDigest + ": media type " + mediaType + " is not an image manifest");
    }
    Descriptor configDescriptor = descriptor(manifest.path("config"), "manifest.config");
    JsonNode configJson =
        readJson(blobs.get(configDescriptor), "config " + configDescriptor.digest());
    JsonNode c = configJson.path("config");
    ImageConfig config =
        new ImageConfig(
            strings(c.path("Env")),
            strings(c.path("Entrypoint")),
            strings(c.path("Cmd")),
            c.path("WorkingDir").asText(null),
            c.path("User").asText(null));
    List<OciImage.Layer> layers = new ArrayList<>();
    int i = 0;
    for (JsonNode l : manifest.path("layers")) {
      Descriptor d = descriptor(l, "manifest.layers[" + i++ + "]");
      boolean gzip =
          switch (d.mediaType()) {
            case OCI_LAYER_TAR -> false;
            case OCI_LAYER_TAR_GZIP, DOCKER_LAYER_TAR_GZIP -> true;
            default ->
                throw new ImageException(
                    "layer " + d.digest() + ": unsupported media type " + d.mediaType());
          };
      layers.add(new OciImage.Layer(d, blobs.get(d), gzip));
    }
    return new OciImage(manifestDigest, config, layers);
  }

  private static Descriptor descriptor(JsonNode node, String where) {
    if (!node.isObject() || !node.path("size").canConvertToLong()) {
      throw new ImageException(where + ": not a descriptor (mediaType, digest, size)");
    }
    return new Descriptor(
        node.path("mediaType").asText(""),
        Digest.parse(node.path("digest").asText(null)),
        node.path("size").asLong());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(n.asText());
    }
    return out;
  }

  private static JsonNode readJson(Path file, String what) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ImageException(what + ": not readable JSON: " + e.getMessage(), e);
    }
  }
}
