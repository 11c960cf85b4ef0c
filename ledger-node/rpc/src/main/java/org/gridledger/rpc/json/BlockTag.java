package org.gridledger.rpc.json;

import java.util.Optional;

/** The named blocks of the execution-apis {@code BlockTag} schema. */
public enum BlockTag implements BlockParameter {
  EARLIEST("earliest"),
  LATEST("latest"),
  PENDING("pending"),
  SAFE("safe"),
  FINALIZED("finalized");

  private final String wireName;

  BlockTag(String wireName) {
    this.wireName = wireName;
  }

  /** The name on the wire, e.g. {@code "latest"}. */
  public String wireName() {
    return wireName;
  }

  /** The tag with this exact (case-sensitive, as in geth) wire name. */
  public static Optional<BlockTag> fromWireName(String name) {
    for (BlockTag tag : values()) {
      if (tag.wireName.equals(name)) {
        return Optional.of(tag);
      }
    }
    return Optional.empty();
  }
}
