package io.jnetkit.bpf;

/**
 * Whether the running kernel has a feature: {@link Supported}, {@link Unsupported} (with the
 * minimum kernel), or {@link Unavailable} (the probe itself could not run, e.g. no CAP_BPF).
 */
public sealed interface FeatureStatus {
    /** The feature's name, e.g. "netkit". */
    String feature();

    default boolean supported() {
        return this instanceof Supported;
    }

    /** Throws {@link UnsupportedOperationException} with {@link #message()} unless supported. */
    default void require() {
        if (!supported()) throw new UnsupportedOperationException(message());
    }

    /** "netkit supported", "netkit not supported (requires Linux ≥ 6.7): …", … */
    String message();

    record Supported(String feature) implements FeatureStatus {
        @Override
        public String message() {
            return feature + " supported";
        }
    }

    /**
     * @param reason        what the probe saw
     * @param minimumKernel e.g. "6.7"
     */
    record Unsupported(String feature, String reason, String minimumKernel) implements FeatureStatus {
        @Override
        public String message() {
            return feature + " not supported (requires Linux ≥ " + minimumKernel + "): " + reason;
        }
    }

    record Unavailable(String feature, String reason) implements FeatureStatus {
        @Override
        public String message() {
            return "cannot tell whether " + feature + " is supported: " + reason;
        }
    }
}
