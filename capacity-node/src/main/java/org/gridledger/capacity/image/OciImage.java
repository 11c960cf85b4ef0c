package org.gridledger.capacity.image;

import java.nio.file.Path;
import java.util.List;

/**
 * A pulled image: its manifest digest, its config, and its layers in application order, each a
 * verified blob in the {@link BlobStore} with the descriptor it was checked against.
 */
public record OciImage(Digest manifestDigest, ImageConfig config, List<Layer> layers) {
  public OciImage {
    layers = List.copyOf(layers);
  }

  /** One verified layer blob and whether it is gzip-compressed. */
  public record Layer(Descriptor descriptor, Path blob, boolean gzip) {}
}
