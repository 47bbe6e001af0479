package io.jnetkit.cni;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A pause image made here, without a registry: an OCI image archive (what {@code ctr images import}
 * and {@code podman save --format oci-archive} read) of one layer holding Debian's static busybox
 * and a {@code /pause} that sleeps until killed. The image is named by containerd's annotation
 * {@code io.containerd.image.name}, which {@code ctr import} takes verbatim.
 */
final class PauseImage {
    /** Debian's busybox-static. */
    static final Path BUSYBOX = Path.of("/bin/busybox");

    private PauseImage() {}

    /** Writes the archive for image {@code name} to {@code archive}. */
    static void write(String name, Path archive) throws IOException {
        if (!Files.isExecutable(BUSYBOX)) throw new IOException("build the pause image: " + BUSYBOX + " is missing (apt install busybox-static)");
        ByteArrayOutputStream layerTar = new ByteArrayOutputStream();
        try (Tar t = new Tar(layerTar)) {
            t.dir("bin/");
            t.file("bin/busybox", 0755, Files.readAllBytes(BUSYBOX));
            // PID 1 of the sandbox: a sleep that only SIGKILL ends, which is how the runtime stops a sandbox.
            t.file("pause", 0755, "#!/bin/busybox sh\nexec /bin/busybox sleep 2147483647\n".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] diff = layerTar.toByteArray();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(diff);
        }
        byte[] layer = gz.toByteArray();

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        });
        config.put("os", "linux");
        config.put("config", Map.of("Entrypoint", List.of("/pause")));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(digest(diff))));
        byte[] configJson = Json.write(config).getBytes(StandardCharsets.UTF_8);

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2L);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", configJson));
        manifest.put("layers", List.of(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer)));
        byte[] manifestJson = Json.write(manifest).getBytes(StandardCharsets.UTF_8);

        Map<String, Object> m = descriptor("application/vnd.oci.image.manifest.v1+json", manifestJson);
        m.put("annotations", Map.of("io.containerd.image.name", name,
                "org.opencontainers.image.ref.name", name.substring(name.lastIndexOf(':') + 1)));
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2L);
        index.put("manifests", List.of(m));

        try (OutputStream out = Files.newOutputStream(archive); Tar t = new Tar(out)) {
            t.file("oci-layout", 0644, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.US_ASCII));
            t.file("index.json", 0644, Json.write(index).getBytes(StandardCharsets.UTF_8));
            t.dir("blobs/");
            t.dir("blobs/sha256/");
            for (byte[] blob : List.of(layer, configJson, manifestJson)) {
                t.file("blobs/sha256/" + digest(blob).substring("sha256:".length()), 0644, blob);
            }
        }
    }

    private static Map<String, Object> descriptor(String mediaType, byte[] blob) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest(blob));
        d.put("size", (long) blob.length);
        return d;
    }

    static String digest(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A POSIX ustar writer: enough for directories and regular files with names under 100 bytes. */
    private static final class Tar implements AutoCloseable {
        private final OutputStream out;

        Tar(OutputStream out) {
            this.out = out;
        }

        void dir(String name) throws IOException {
            header(name, 0755, 0, '5');
        }

        void file(String name, int mode, byte[] data) throws IOException {
            header(name, mode, data.length, '0');
            out.write(data);
            out.write(new byte[(512 - data.length % 512) % 512]);
        }

        private void header(String name, int mode, long size, char type) throws IOException {
            byte[] h = new byte[512];
            put(h, 0, 100, name);
            put(h, 100, 8, "%07o".formatted(mode));
            put(h, 108, 8, "%07o".formatted(0));
            put(h, 116, 8, "%07o".formatted(0));
            put(h, 124, 12, "%011o".formatted(size));
            put(h, 136, 12, "%011o".formatted(0));
            h[156] = (byte) type;
            put(h, 257, 6, "ustar");
            put(h, 263, 2, "00");
            for (int i = 148; i < 156; i++) h[i] = ' ';
            int sum = 0;
            for (byte b : h) sum += b & 0xff;
            put(h, 148, 8, "%06o".formatted(sum));
            h[155] = ' ';
            out.write(h);
        }

        private static void put(byte[] h, int at, int len, String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            if (b.length > len) throw new IllegalArgumentException("tar: " + s + " is too long");
            System.arraycopy(b, 0, h, at, b.length);
        }

        @Override
        public void close() throws IOException {
            out.write(new byte[1024]);
            out.flush();
        }
    }
}
