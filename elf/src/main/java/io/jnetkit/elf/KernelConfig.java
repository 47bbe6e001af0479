package io.jnetkit.elf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The values of an object's {@code __kconfig} externs, as libbpf sets them: the running
 * kernel's build configuration from {@code /boot/config-$(uname -r)}, else
 * {@code /proc/config.gz} (CONFIG_IKCONFIG_PROC), read only when a {@code CONFIG_*} extern
 * exists; {@code LINUX_KERNEL_VERSION} from the release ({@code uname -r}: major.minor.patch,
 * patch capped at 255; Ubuntu's {@code /proc/version_signature} first). An option the config
 * does not set is missing: zero for a {@code __weak} extern, an ElfException otherwise.
 */
final class KernelConfig {
    static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");
    static final Path PROC_CONFIG = Path.of("/proc/config.gz");

    private KernelConfig() {}

    /** The {@code .kconfig} map's value for {@code spec}'s externs on the running kernel. */
    static byte[] values(Map<String, Extern> externs, int size) {
        byte[] out = new byte[size];
        Map<String, String> config = null;
        for (Extern e : externs.values()) {
            if (!(e instanceof Extern.Kconfig k)) continue;
            if (k.name().equals("LINUX_KERNEL_VERSION")) {
                put(out, k, kernelVersion());
                continue;
            }
            if (config == null) config = read();
            String v = config.get(k.name());
            if (v == null) {
                if (k.weak()) continue; // zero
                throw new ElfException("set __kconfig " + k.name() + ": the kernel's config does not set it"
                        + " (declare it __weak to take 0)");
            }
            set(out, k, v);
        }
        return out;
    }

    /** libbpf's rules for which value a type takes. */
    static void set(byte[] out, Extern.Kconfig k, String v) {
        String what = "set __kconfig " + k.name() + ": ";
        if (v.equals("y") || v.equals("n") || v.equals("m")) {
            char c = v.charAt(0);
            switch (k.type()) {
                case BOOL -> {
                    if (c == 'm') throw new ElfException(what + "value m (a module) does not fit a bool; use enum libbpf_tristate");
                    out[k.offset()] = (byte) (c == 'y' ? 1 : 0);
                }
                case TRISTATE -> put(out, k, c == 'y' ? 1 : c == 'm' ? 2 : 0);
                case CHAR -> out[k.offset()] = (byte) c;
                default -> throw new ElfException(what + "value " + c + " does not fit " + typeWord(k)
                        + " (a bool, char or enum libbpf_tristate takes y/n/m)");
            }
            return;
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            if (k.type() != Extern.Type.CHAR_ARRAY) {
                throw new ElfException(what + "value " + v + " is a string, which only a char array takes, not " + typeWord(k));
            }
            byte[] b = unquote(v.substring(1, v.length() - 1)).getBytes(StandardCharsets.UTF_8);
            // Cut to leave the terminating NUL, as libbpf does (it warns).
            System.arraycopy(b, 0, out, k.offset(), Math.min(b.length, k.size() - 1));
            return;
        }
        long n;
        try {
            n = v.startsWith("0x") || v.startsWith("0X") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ElfException(what + "value " + v + " is neither y/n/m, a string nor a number");
        }
        if (k.type() != Extern.Type.INT && k.type() != Extern.Type.CHAR) {
            throw new ElfException(what + "value " + v + " is a number, which " + typeWord(k) + " does not take");
        }
        if (k.size() < 8) {
            long bits = 8L * k.size();
            boolean fits = k.signed() ? n >= -(1L << (bits - 1)) && n < (1L << (bits - 1)) : n >= 0 && n < (1L << bits);
            if (!fits) throw new ElfException(what + "value " + v + " does not fit " + typeWord(k));
        }
        put(out, k, n);
    }

    private static String typeWord(Extern.Kconfig k) {
        return switch (k.type()) {
            case BOOL -> "a bool";
            case CHAR -> "a char";
            case TRISTATE -> "enum libbpf_tristate";
            case INT -> (k.signed() ? "a " : "an unsigned ") + (8 * k.size()) + "-bit integer";
            case CHAR_ARRAY -> "char[" + k.size() + "]";
        };
    }

    private static void put(byte[] out, Extern.Kconfig k, long v) {
        for (int i = 0; i < k.size() && i < 8; i++) out[k.offset() + i] = (byte) (v >>> (8 * i));
    }

    private static String unquote(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) c = s.charAt(++i);
            b.append(c);
        }
        return b.toString();
    }

    /** KERNEL_VERSION(major, minor, patch) of the running kernel. */
    static long kernelVersion() {
        try {
            Path sig = Path.of("/proc/version_signature");
            if (Files.isReadable(sig)) {
                // Ubuntu: "Ubuntu 5.15.0-91.101-generic 5.15.131": the upstream version is last.
                String[] w = Files.readString(sig).trim().split("\\s+");
                long v = parseVersion(w[w.length - 1]);
                if (v >= 0) return v;
            }
            long v = parseVersion(Files.readString(OSRELEASE).trim());
            if (v < 0) throw new ElfException("set __kconfig LINUX_KERNEL_VERSION: cannot read a version from " + OSRELEASE);
            return v;
        } catch (IOException e) {
            throw new ElfException("set __kconfig LINUX_KERNEL_VERSION: read " + OSRELEASE + ": " + e.getMessage(), e);
        }
    }

    /** "6.12.57+deb13-cloud-amd64" → KERNEL_VERSION(6, 12, 57); -1 when it does not start with a.b. */
    static long parseVersion(String release) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?").matcher(release);
        if (!m.find()) return -1;
        long major = Long.parseLong(m.group(1)), minor = Long.parseLong(m.group(2));
        long patch = m.group(3) == null ? 0 : Math.min(255, Long.parseLong(m.group(3)));
        return major << 16 | minor << 8 | patch;
    }

    /** The running kernel's config: option → value as written (y, m, 250, "text"). */
    static Map<String, String> read() {
        String release;
        try {
            release = Files.readString(OSRELEASE).trim();
        } catch (IOException e) {
            throw new ElfException("read kernel config: read " + OSRELEASE + ": " + e.getMessage(), e);
        }
        Path boot = Path.of("/boot/config-" + release);
        byte[] text;
        try {
            text = Files.readAllBytes(boot);
        } catch (NoSuchFileException e) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(PROC_CONFIG)))) {
                text = in.readAllBytes();
            } catch (NoSuchFileException x) {
                throw new ElfException("read kernel config: neither " + boot + " nor " + PROC_CONFIG + " exists");
            } catch (IOException x) {
                throw new ElfException("read kernel config: " + PROC_CONFIG + ": " + x.getMessage(), x);
            }
        } catch (IOException e) {
            throw new ElfException("read kernel config: " + boot + ": " + e.getMessage(), e);
        }
        return parse(new String(text, StandardCharsets.UTF_8));
    }

    /** "CONFIG_X=value" lines; comments ("# CONFIG_X is not set") and blank lines are skipped. */
    static Map<String, String> parse(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("CONFIG_")) continue;
            int eq = line.indexOf('=');
            if (eq < 0) continue;
            out.put(line.substring(0, eq), line.substring(eq + 1).trim());
        }
        return out;
    }
}
