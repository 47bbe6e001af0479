package io.jnetkit.rtnl;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Shared lookup of enum constants by their iproute2 word or kernel value. */
final class Words {
    private Words() {}

    static <E extends Enum<E>> E fromWord(Class<E> type, String word, Function<E, String> wordOf, String what) {
        if (word != null) {
            String w = word.trim().toLowerCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (wordOf.apply(e).equals(w)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("invalid " + what + " \"" + word + "\": expected one of "
                + Arrays.stream(type.getEnumConstants()).map(wordOf).collect(Collectors.joining(", ")));
    }

    static <E extends Enum<E>> E fromValue(Class<E> type, int value, Function<E, Integer> valueOf) {
        for (E e : type.getEnumConstants()) {
            if (valueOf.apply(e) == value) {
                return e;
            }
        }
        return null;
    }
}
