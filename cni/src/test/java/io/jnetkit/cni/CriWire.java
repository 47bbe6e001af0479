package io.jnetkit.cni;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protobuf wire format of the few CRI messages the test sends and reads, by field number, with
 * protobuf-java's coder and no generated code. Field numbers are those of the public CRI API
 * ({@code runtime.v1}, k8s.io/cri-api {@code api.proto}).
 */
final class CriWire {
    private CriWire() {}

    /** A message being written: fields in the order they are added. */
    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        Out string(int field, String value) {
            try {
                if (value != null && !value.isEmpty()) out.writeString(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Out uint(int field, long value) {
            try {
                if (value != 0) out.writeUInt64(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Out bool(int field, boolean value) {
            try {
                if (value) out.writeBool(field, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** An embedded message; written even when empty, so that its presence is said. */
        Out message(int field, Out value) {
            try {
                out.writeByteArray(field, value.bytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** A {@code map<string, string>} field: one entry message (key 1, value 2) per pair. */
        Out map(int field, Map<String, String> value) {
            value.forEach((k, v) -> message(field, new Out().string(1, k).string(2, v)));
            return this;
        }

        byte[] bytes() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    /** A message read: every field's values (Long for varints and fixed, byte[] for length-delimited). */
    record In(Map<Integer, List<Object>> fields) {
        static In parse(byte[] data) {
            Map<Integer, List<Object>> fields = new LinkedHashMap<>();
            CodedInputStream in = CodedInputStream.newInstance(data);
            try {
                for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                    Object v = switch (WireFormat.getTagWireType(tag)) {
                        case WireFormat.WIRETYPE_VARINT -> in.readRawVarint64();
                        case WireFormat.WIRETYPE_FIXED64 -> in.readRawLittleEndian64();
                        case WireFormat.WIRETYPE_FIXED32 -> (long) in.readRawLittleEndian32();
                        case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readByteArray();
                        default -> {
                            in.skipField(tag);
                            yield null;
                        }
                    };
                    if (v != null) fields.computeIfAbsent(WireFormat.getTagFieldNumber(tag), k -> new ArrayList<>()).add(v);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("decode a CRI message: " + e.getMessage(), e);
            }
            return new In(fields);
        }

        String string(int field) {
            List<Object> v = fields.get(field);
            return v == null ? "" : new String((byte[]) v.getLast(), StandardCharsets.UTF_8);
        }

        long number(int field) {
            List<Object> v = fields.get(field);
            return v == null ? 0 : (Long) v.getLast();
        }

        In message(int field) {
            List<Object> v = fields.get(field);
            return parse(v == null ? new byte[0] : (byte[]) v.getLast());
        }

        List<In> messages(int field) {
            return fields.getOrDefault(field, List.of()).stream().map(b -> parse((byte[]) b)).toList();
        }

        Map<String, String> map(int field) {
            Map<String, String> m = new LinkedHashMap<>();
            for (In e : messages(field)) m.put(e.string(1), e.string(2));
            return m;
        }
    }
}
