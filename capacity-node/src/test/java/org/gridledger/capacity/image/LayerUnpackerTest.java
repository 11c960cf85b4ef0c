package org.gridledger.capacity.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerUnpackerTest {
  @TempDir Path tmp;

  interface Layer {
    void write(TarWriter t) throws IOException;
  }

  static byte[] tar(Layer layer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter t = new TarWriter(out);
    layer.write(t);
    t.finish();
    return out.toByteArray();
  }

  static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static final String LONG =
      "deep/"
          + "a-rather-long-directory-name-that-needs-pax/".repeat(3)
          + "file-with-long-name.txt";

  static List<byte[]> changesetLayers() throws IOException {
    byte[] l1 =
        tar(
            t -> {
              t.directory("etc", 0755, 0, 0);
              t.file("etc/config", 0640, 33, 33, text("version 1\n"));
              t.directory("opaque", 0755, 0, 0);
              t.file("opaque/lower1", 0644, 0, 0, text("lower"));
              t.directory("opaque/sub", 0750, 0, 0);
              t.file("opaque/sub/lower2", 0644, 0, 0, text("lower2"));
              t.directory("gone", 0755, 0, 0);
              t.file("gone/f", 0644, 0, 0, text("f"));
              t.directory("keep", 0700, 1000, 1000);
              t.file("keep/mine", 0600, 1000, 1000, text("private"));
              t.directory("tmp", 01777, 0, 0);
              t.directory("bin", 0755, 0, 0);
              t.file("bin/suid", 04755, 0, 0, text("#!/bin/sh\n"));
              t.file("victim", 0644, 0, 0, text("delete me"));
              t.file("replaced-by-dir", 0644, 0, 0, text("file first"));
              t.symlink("link-rel", "etc/config", 0, 0);
              t.symlink("link-abs", "/etc/config", 0, 0);
              t.symlink("dangling", "/nowhere/at/all", 0, 0);
              t.hardlink("hard", "etc/config", 0, 0);
              t.file(LONG, 0444, 0, 0, text("long"));
              t.file("implied/parent/file", 0644, 0, 0, text("no parent entries"));
            });
    byte[] l2 =
        tar(
            t -> {
              t.file(".wh.victim", 0644, 0, 0, new byte[0]);
              t.file(".wh.gone", 0644, 0, 0, new byte[0]);
              t.directory("opaque", 0711, 0, 0);
              t.file("opaque/.wh..wh..opq", 0644, 0, 0, new byte[0]);
              t.file("opaque/upper", 0644, 0, 0, text("upper"));
              t.directory("replaced-by-dir", 0755, 0, 0);
              t.file("replaced-by-dir/inner", 0644, 0, 0, text("inner"));
              t.file("etc/config", 0600, 33, 33, text("version 2, longer\n"));
              t.directory("sgid", 02775, 0, 50);
              t.symlink("bin/sh", "/bin/busybox", 0, 0);
            });
    byte[] l3 =
        tar(
            t -> {
              // Whiteout of an entry created in layer 2 and re-creation of a whited-out name.
              t.file("opaque/.wh.upper", 0644, 0, 0, new byte[0]);
              t.directory("gone", 0700, 0, 0);
              t.file("gone/again", 0644, 0, 0, text("back"));
            });
    return List.of(l1, l2, l3);
  }

  @Test
  void appliesWhiteoutsOpaqueDirsAndReplacements() throws IOException {
    Path root = tmp.resolve("rootfs");
    LayerUnpacker u = new LayerUnpacker(0);
    Files.createDirectories(root);
    for (byte[] layer : changesetLayers()) {
      u.apply(new ByteArrayInputStream(layer), root);
    }
    assertThat(root.resolve("victim")).doesNotExist();
    assertThat(root.resolve("gone/f")).doesNotExist();
    assertThat(root.resolve("gone/again")).hasContent("back");
    assertThat(root.resolve("opaque/lower1")).doesNotExist();
    assertThat(root.resolve("opaque/sub")).doesNotExist();
    assertThat(root.resolve("opaque/upper")).doesNotExist();
    assertThat(Files.isDirectory(root.resolve("opaque"))).isTrue();
    assertThat(root.resolve("replaced-by-dir/inner")).hasContent("inner");
    assertThat(root.resolve("etc/config")).hasContent("version 2, longer");
    assertThat(root.resolve("hard")).hasContent("version 1"); // the old inode keeps the old content
    assertThat(Files.readSymbolicLink(root.resolve("link-abs")).toString())
        .isEqualTo("/etc/config");
    assertThat(root.resolve(LONG)).hasContent("long");
    assertThat(mode(root.resolve("bin/suid"))).isEqualTo(04755);
    assertThat(mode(root.resolve("tmp"))).isEqualTo(01777);
    assertThat(mode(root.resolve("sgid"))).isEqualTo(02775);
    assertThat(Files.getAttribute(root.resolve("keep/mine"), "unix:uid")).isEqualTo(1000);
  }

  @Test
  void shiftsOwnershipForUserNamespaces() throws IOException {
    Path root = tmp.resolve("shifted");
    Files.createDirectories(root);
    new LayerUnpacker(200_000).apply(new ByteArrayInputStream(changesetLayers().get(0)), root);
    assertThat(Files.getAttribute(root.resolve("keep/mine"), "unix:uid")).isEqualTo(201_000);
    assertThat(Files.getAttribute(root.resolve("etc/config"), "unix:gid")).isEqualTo(200_033);
    assertThat(Files.getAttribute(root.resolve("link-rel"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(200_000);
  }

  @Test
  void sameTreeAsUmoci() throws Exception {
    Path layout = tmp.resolve("layout");
    new OciLayoutWriter(layout)
        .image(
            "changes",
            new ImageConfig(List.of(), List.of(), List.of("sh"), "/", ""),
            changesetLayers());
    Path ours = tmp.resolve("ours");
    ImageStore store =
        new ImageStore(
            new BlobStore(tmp.resolve("cache"), List.of(new BlobSource.LayoutDir(layout))));
    new LayerUnpacker(0).unpack(store.pull(ImageStore.resolveTag(layout, "changes")), ours);

    Path theirs = tmp.resolve("umoci-rootfs");
    Process p =
        new ProcessBuilder(
                "umoci", "raw", "unpack", "--image", layout + ":changes", theirs.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("umoci raw unpack: " + out).isZero();

    Map<String, String> expected = tree(theirs);
    Map<String, String> actual = tree(ours);
    assertThat(expected).as("umoci tree is not empty").hasSizeGreaterThan(20);
    assertThat(actual).isEqualTo(expected);
  }

  /** path -> type, mode, owner, size (files), link target (symlinks), link count. */
  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (p.equals(root)) {
          continue;
        }
        String rel = root.relativize(p).toString();
        Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String type =
            Files.isSymbolicLink(p)
                ? "l -> " + Files.readSymbolicLink(p)
                : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                    ? "d"
                    : "f size=" + a.get("size") + " nlink=" + a.get("nlink");
        String perms =
            Files.isSymbolicLink(p) ? "" : " mode=" + Integer.toOctalString(mode & 07777);
        out.put(rel, type + perms + " uid=" + a.get("uid") + " gid=" + a.get("gid"));
      }
    }
    return out;
  }

  static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  @Test
  void refusesDotDotEntries() throws IOException {
    Path root = tmp.resolve("r1");
    Files.createDirectories(root);
    byte[] layer = tar(t -> t.file("a/../../outside", 0644, 0, 0, text("x")));
    assertThatThrownBy(() -> new LayerUnpacker(0).apply(new ByteArrayInputStream(layer), root))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("'..'");
    assertThat(tmp.resolve("outside")).doesNotExist();
  }

  @Test
  void writesThroughAbsoluteSymlinksStayInsideTheRoot() throws IOException {
    Path root = tmp.resolve("r2");
    Path outside = tmp.resolve("outside-dir");
    Files.createDirectories(root);
    Files.createDirectories(outside);
    byte[] layer =
        tar(
            t -> {
              t.symlink("evil", outside.toString(), 0, 0); // absolute, pointing at a host directory
              t.symlink("slash", "/", 0, 0);
              t.file("evil/escaped", 0644, 0, 0, text("x"));
              t.file("slash/etc/escaped", 0644, 0, 0, text("y"));
            });
    new LayerUnpacker(0).apply(new ByteArrayInputStream(layer), root);
    assertThat(outside.resolve("escaped")).doesNotExist();
    assertThat(root.resolve(outside.toString().substring(1)).resolve("escaped")).hasContent("x");
    assertThat(root.resolve("etc/escaped")).hasContent("y");
    assertThat(Files.isSymbolicLink(root.resolve("evil"))).isTrue();
  }

  @Test
  void relativeSymlinksCannotClimbOutOfTheRoot() throws IOException {
    Path root = tmp.resolve("a/b/r3");
    Files.createDirectories(root);
    byte[] layer =
        tar(
            t -> {
              t.symlink("up", "../../../../../..", 0, 0);
              t.directory("d", 0755, 0, 0);
              t.symlink("d/chain", "../up/tmp", 0, 0);
              t.file("up/escaped", 0644, 0, 0, text("x"));
              t.file("d/chain/escaped2", 0644, 0, 0, text("y"));
            });
    new LayerUnpacker(0).apply(new ByteArrayInputStream(layer), root);
    assertThat(tmp.resolve("escaped")).doesNotExist();
    assertThat(tmp.resolve("a/escaped")).doesNotExist();
    assertThat(root.resolve("escaped")).hasContent("x");
    assertThat(root.resolve("tmp/escaped2")).hasContent("y");
  }

  @Test
  void hardLinksCannotReachHostFiles() throws IOException {
    Path root = tmp.resolve("r4");
    Path secret = tmp.resolve("host-secret");
    Files.writeString(secret, "secret");
    Files.createDirectories(root);
    byte[] absolute = tar(t -> t.hardlink("stolen", secret.toString(), 0, 0));
    assertThatThrownBy(() -> new LayerUnpacker(0).apply(new ByteArrayInputStream(absolute), root))
        .isInstanceOf(ImageException.class);
    byte[] relative = tar(t -> t.hardlink("stolen", "../host-secret", 0, 0));
    assertThatThrownBy(() -> new LayerUnpacker(0).apply(new ByteArrayInputStream(relative), root))
        .isInstanceOf(ImageException.class);
    assertThat(Files.getAttribute(secret, "unix:nlink")).isEqualTo(1);
    assertThat(root.resolve("stolen")).doesNotExist();
  }

  @Test
  void whiteoutsCannotDeleteOutsideTheRoot() throws IOException {
    Path root = tmp.resolve("r5");
    Path keep = tmp.resolve("keep-me");
    Files.writeString(keep, "k");
    Files.createDirectories(root);
    byte[] layer =
        tar(
            t -> {
              t.symlink("out", tmp.toString(), 0, 0);
              t.file("out/.wh.keep-me", 0644, 0, 0, new byte[0]);
            });
    new LayerUnpacker(0).apply(new ByteArrayInputStream(layer), root);
    assertThat(keep).hasContent("k");
    byte[] malformed = tar(t -> t.file(".wh..", 0644, 0, 0, new byte[0]));
    assertThatThrownBy(() -> new LayerUnpacker(0).apply(new ByteArrayInputStream(malformed), root))
        .isInstanceOf(ImageException.class);
  }

  @Test
  void stopsAtTheUnpackLimit() throws IOException {
    Path root = tmp.resolve("r7");
    Files.createDirectories(root);
    byte[] layer =
        tar(
            t -> {
              t.file("a", 0644, 0, 0, new byte[600]);
              t.file("b", 0644, 0, 0, new byte[600]);
            });
    assertThatThrownBy(
            () -> new LayerUnpacker(0, 1000).apply(new ByteArrayInputStream(layer), root))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("entry b");
    assertThat(root.resolve("b")).doesNotExist();
  }

  @Test
  void mutatedArchivesFailOnlyWithImageException() throws IOException {
    byte[] valid = changesetLayers().get(0);
    java.util.Random random = new java.util.Random(8);
    for (int i = 0; i < 300; i++) {
      byte[] bad = valid.clone();
      for (int k = 0; k < 1 + random.nextInt(8); k++) {
        bad[random.nextInt(Math.min(bad.length, 4096))] = (byte) random.nextInt(256);
      }
      byte[] cut = java.util.Arrays.copyOf(bad, random.nextInt(bad.length));
      for (byte[] input : List.of(bad, cut)) {
        Path root = tmp.resolve("m" + i + "-" + input.length);
        Files.createDirectories(root);
        try {
          new LayerUnpacker(0).apply(new ByteArrayInputStream(input), root);
        } catch (ImageException expected) {
          // refused with a message: fine
        }
      }
    }
  }

  @Test
  void corruptHeadersAreReportedWithTheirOffset() throws IOException {
    byte[] layer = tar(t -> t.file("a", 0644, 0, 0, text("hello")));
    layer[512 + 512 + 100] = 'x'; // not a header: the zero block; corrupt the first header instead
    layer[100] = '9';
    Path root = tmp.resolve("r6");
    Files.createDirectories(root);
    assertThatThrownBy(() -> new LayerUnpacker(0).apply(new ByteArrayInputStream(layer), root))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("offset 0");
  }
}
